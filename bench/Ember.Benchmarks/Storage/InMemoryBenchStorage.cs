using Ember.InMemory;
using Ember.Storage;

namespace Ember.Benchmarks.Storage;

internal sealed class InMemoryBenchStorage : BenchStorage
{
    public override IJobStore Store { get; } = new InMemoryJobStore();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
