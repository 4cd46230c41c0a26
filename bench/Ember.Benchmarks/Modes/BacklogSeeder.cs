using Ember.Benchmarks.Measurement;
using Ember.Storage;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// Fills a store with finished jobs through the store contract, as a long-running application would have: each job
/// created, claimed and completed Succeeded, with its history and the default one-day expiry (so the pruner leaves
/// them alone during the run). Batches of ten thousand keep a million rows to a few hundred round trips.
/// </summary>
internal static class BacklogSeeder
{
    private const int Batch = 10_000;

    public static async Task SeedAsync(IJobStore store, int count)
    {
        var cycle = new StoreCycle(store);
        using var bar = new ProgressBar("seeding backlog", count);
        for (var done = 0; done < count;)
        {
            var size = Math.Min(Batch, count - done);
            await cycle.RunBatchAsync(size);
            done += size;
            bar.Report(done);
        }
    }
}
