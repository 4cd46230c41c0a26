using System.Diagnostics;
using Ember.Benchmarks.Measurement;
using Ember.Benchmarks.Storage;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// Enqueue N no-op jobs one call at a time, then process them with a fresh server; then bulk-enqueue N more into a
/// second, empty store (so the processing run and the bulk figure don't disturb each other).
/// </summary>
internal static class ThroughputMode
{
    public static async Task<object> RunAsync(BenchOptions options)
    {
        if (options.Warmup)
        {
            await using var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false);
            await storage.Store.InitializeAsync();
            await Enqueuing.OneByOneAsync(new BackgroundJobClient(storage.Store), options.Jobs, "warm-up enqueue");
            await ProcessingRun.RunAsync(storage.Store, options.Jobs, options.Workers);
        }

        double enqueuePerSecond;
        ProcessingResult processing;
        await using (var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false))
        {
            // Schema creation is start-up work, not enqueuing: done before the clock starts.
            await storage.Store.InitializeAsync();
            var store = options.Instrumented ? new InstrumentedJobStore(storage.Store) : storage.Store;
            var client = new BackgroundJobClient(store, new EmberOptions { CaptureCulture = !options.NoCulture });
            var stopwatch = Stopwatch.StartNew();
            await Enqueuing.OneByOneAsync(client, options.Jobs, "enqueue", options);
            enqueuePerSecond = Rate.PerSecond(options.Jobs, stopwatch.Elapsed);
            processing = await ProcessingRun.RunAsync(store, options.Jobs, options.Workers, storeStats: options.StoreStats);
        }

        double bulkEnqueuePerSecond;
        await using (var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false))
        {
            await storage.Store.InitializeAsync();
            var client = new BackgroundJobClient(storage.Store, new EmberOptions { CaptureCulture = !options.NoCulture });
            var stopwatch = Stopwatch.StartNew();
            await Enqueuing.BulkAsync(client, options.Jobs, "bulk enqueue", options);
            bulkEnqueuePerSecond = Rate.PerSecond(options.Jobs, stopwatch.Elapsed);
        }

        return new
        {
            system = "ember", mode = options.Mode, storage = options.Storage, jobs = options.Jobs, workers = options.Workers,
            enqueuePerSecond,
            processPerSecond = Rate.PerSecond(processing.Completed, processing.Processed),
            settledPerSecond = Rate.PerSecond(options.Jobs, processing.Settled),
            completed = processing.Completed,
            warmup = options.Warmup,
            rateKeys = options.RateKeys,
            rateAlgorithm = options.RateKeys > 0 ? options.RateAlgorithm.ToString() : null,
            bulkEnqueuePerSecond,
            bulkBatch = Enqueuing.BulkBatch,
            peakWorkingSetMb = Memory.PeakWorkingSetMb(),
        };
    }
}
