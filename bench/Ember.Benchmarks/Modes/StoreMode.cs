using Ember.Benchmarks.Measurement;
using Ember.Benchmarks.Storage;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// The store's own ceiling, without a server: N jobs created, claimed and completed through IJobStore in batches of
/// 1, 10, 100 and 1000, timing each operation. Shows how much of a server's speed the store allows at the batch sizes
/// the server actually uses (see --store-stats), and what larger batches would buy.
/// </summary>
internal static class StoreMode
{
    private static readonly int[] BatchSizes = [1, 10, 100, 1000];

    public static async Task<object> RunAsync(BenchOptions options)
    {
        var results = new List<object>();
        foreach (var batch in BatchSizes)
        {
            await using var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false);
            await storage.Store.InitializeAsync();
            var cycle = new StoreCycle(storage.Store, options.ConcurrencyKeys);
            // Batch size 1 makes a round trip per job per operation: fewer jobs keep that run short.
            var jobs = batch == 1 ? Math.Min(options.Jobs, 2000) : options.Jobs;
            using (var bar = new ProgressBar($"store ops, batch {batch}", jobs))
            {
                for (var done = 0; done < jobs;)
                {
                    var size = Math.Min(batch, jobs - done);
                    await cycle.RunBatchAsync(size);
                    done += size;
                    bar.Report(done);
                }
            }
            results.Add(new
            {
                batch, jobs,
                createPerSecond = Rate.PerSecond(jobs, cycle.Creating),
                fetchPerSecond = Rate.PerSecond(jobs, cycle.Fetching),
                completePerSecond = Rate.PerSecond(jobs, cycle.Completing),
                cyclePerSecond = Rate.PerSecond(jobs, cycle.Creating + cycle.Fetching + cycle.Completing),
            });
        }
        return new
        {
            system = "ember", mode = options.Mode, storage = options.Storage, jobs = options.Jobs,
            concurrencyKeys = options.ConcurrencyKeys,
            batches = results,
            peakWorkingSetMb = Memory.PeakWorkingSetMb(),
        };
    }
}
