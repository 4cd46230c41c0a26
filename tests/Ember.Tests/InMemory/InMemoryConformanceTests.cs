using Ember.InMemory;
using Ember.Storage;
using Ember.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.InMemory;

public sealed class InMemoryConformanceTests : JobStoreConformanceTests
{
    protected override Task<IJobStore> CreateStoreAsync(FakeTimeProvider time) => Task.FromResult<IJobStore>(new InMemoryJobStore(time));
}
