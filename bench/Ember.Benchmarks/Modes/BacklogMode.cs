using System.Diagnostics;
using Ember.Benchmarks.Measurement;
using Ember.Benchmarks.Storage;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// Does a store slow down as finished jobs pile up? Processes N jobs on an empty store, then the same N on a store
/// already holding --backlog finished ones, and prints the ratio of the two processing speeds (1.0: no slowdown).
/// The N jobs are bulk-enqueued before each run: only processing is compared.
/// </summary>
/// <remarks>
/// Before each measured run the store settles (<see cref="BenchStorage.SettleAsync"/>): both runs then measure a store
/// in its steady state, the backlog run one that holds a million finished jobs rather than one that wrote them a
/// minute ago. An unmeasured round comes first, on a store of its own, and it seeds a small backlog the same way: without it the
/// first measured run pays for JIT, and for a native heap that the seeding's big batches have not yet grown (glibc
/// raises its trim threshold after the first large free, and SQLite's per-statement allocations stop being handed
/// back to the kernel and faulted in again). A cold empty run measured 2 to 2.5 times slower than the same run
/// repeated, which would have passed for a backlog effect.
/// </remarks>
internal static class BacklogMode
{
    public static async Task<object> RunAsync(BenchOptions options)
    {
        await using (var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false))
        {
            await storage.Store.InitializeAsync();
            await BacklogSeeder.SeedAsync(storage.Store, Math.Min(options.Backlog, 20_000));
            await Enqueuing.BulkAsync(new BackgroundJobClient(storage.Store), options.Jobs, "warm-up enqueue");
            await ProcessingRun.RunAsync(storage.Store, options.Jobs, options.Workers, alreadySucceeded: Math.Min(options.Backlog, 20_000));
        }

        ProcessingResult empty;
        await using (var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false))
        {
            await storage.Store.InitializeAsync();
            await Enqueuing.BulkAsync(new BackgroundJobClient(storage.Store), options.Jobs, "enqueue (empty)");
            await storage.SettleAsync();
            empty = await ProcessingRun.RunAsync(storage.Store, options.Jobs, options.Workers, storeStats: options.StoreStats);
        }

        ProcessingResult withBacklog;
        TimeSpan seeding, stateCounts;
        await using (var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false))
        {
            await storage.Store.InitializeAsync();
            var stopwatch = Stopwatch.StartNew();
            await BacklogSeeder.SeedAsync(storage.Store, options.Backlog);
            seeding = stopwatch.Elapsed;

            // What a dashboard's overview (and this benchmark's settle check) pays with the backlog in place.
            stopwatch.Restart();
            await ProcessingRun.SucceededAsync(storage.Store);
            stateCounts = stopwatch.Elapsed;

            await Enqueuing.BulkAsync(new BackgroundJobClient(storage.Store), options.Jobs, "enqueue (backlog)");
            await storage.SettleAsync();
            withBacklog = await ProcessingRun.RunAsync(storage.Store, options.Jobs, options.Workers, alreadySucceeded: options.Backlog, storeStats: options.StoreStats);
        }

        var emptyRate = Rate.PerSecond(empty.Completed, empty.Processed);
        var backlogRate = Rate.PerSecond(withBacklog.Completed, withBacklog.Processed);
        return new
        {
            system = "ember", mode = options.Mode, storage = options.Storage, jobs = options.Jobs, workers = options.Workers,
            backlog = options.Backlog,
            emptyProcessPerSecond = emptyRate,
            backlogProcessPerSecond = backlogRate,
            ratio = emptyRate > 0 ? Math.Round(backlogRate / emptyRate, 2) : 0,
            emptySettledPerSecond = Rate.PerSecond(options.Jobs, empty.Settled),
            backlogSettledPerSecond = Rate.PerSecond(options.Jobs, withBacklog.Settled),
            seedSeconds = Math.Round(seeding.TotalSeconds, 1),
            stateCountsMs = Math.Round(stateCounts.TotalMilliseconds, 1),
            completed = empty.Completed + withBacklog.Completed,
            peakWorkingSetMb = Memory.PeakWorkingSetMb(),
        };
    }
}
