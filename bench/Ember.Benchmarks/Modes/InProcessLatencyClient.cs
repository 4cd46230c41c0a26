using System.Diagnostics;
using Ember.Storage;

namespace Ember.Benchmarks.Modes;

internal sealed class InProcessLatencyClient(IJobStore store) : ILatencyClient
{
    private readonly BackgroundJobClient _client = new(store);

    public async Task EnqueueAsync()
    {
        var enqueuedAt = Stopwatch.GetTimestamp();
        await _client.EnqueueAsync(() => BenchJobs.Started(enqueuedAt));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
