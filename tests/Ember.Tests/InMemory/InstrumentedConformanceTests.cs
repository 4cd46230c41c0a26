using Ember.InMemory;
using Ember.Storage;
using Ember.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.InMemory;

// The decorator AddEmber applies must change nothing a store does: the whole suite runs through it.
public sealed class InstrumentedConformanceTests : JobStoreConformanceTests
{
    protected override Task<IJobStore> CreateStoreAsync(FakeTimeProvider time) => Task.FromResult<IJobStore>(new InstrumentedJobStore(new InMemoryJobStore(time)));
}
