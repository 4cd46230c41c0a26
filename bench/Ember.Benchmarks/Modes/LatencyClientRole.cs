using System.Diagnostics;
using Ember.Benchmarks.Storage;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// The child side of --cross-process latency: opens the parent's store as a separate application would, then enqueues
/// one job per "enqueue" line on stdin until stdin closes.
/// </summary>
internal static class LatencyClientRole
{
    public static async Task RunAsync(BenchOptions options)
    {
        await using var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false);
        await storage.Store.InitializeAsync();
        var client = new BackgroundJobClient(storage.Store);
        Console.WriteLine("ready");
        while (await Console.In.ReadLineAsync() == "enqueue")
        {
            var enqueuedAt = Stopwatch.GetTimestamp();
            await client.EnqueueAsync(() => BenchJobs.Started(enqueuedAt));
            Console.WriteLine("ok");
        }
    }
}
