using System.Diagnostics;
using Ember.Benchmarks.Measurement;
using Ember.Benchmarks.Storage;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// A batch of N no-op jobs with a batch continuation, against the same N jobs without a batch, each on a fresh store:
/// creation (the batch in one CreateAsync call of the batch client; the plain jobs by the client's bulk enqueue, 1,000
/// per call) and processing (a server from start until every job, and the continuation, has run and is counted).
/// </summary>
internal static class BatchMode
{
    public static async Task<object> RunAsync(BenchOptions options)
    {
        var results = new List<object>();
        foreach (var path in new[] { "plain", "batch" })
        {
            await using var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false);
            await storage.Store.InitializeAsync();
            var started = Stopwatch.GetTimestamp();
            var jobs = options.Jobs;
            if (path == "plain")
            {
                await Enqueuing.BulkAsync(new BackgroundJobClient(storage.Store), options.Jobs, "bulk enqueue");
            }
            else
            {
                var batches = new BatchJobClient(storage.Store);
                var created = await batches.CreateAsync(batch =>
                {
                    for (var i = 0; i < options.Jobs; i++) batch.Enqueue(() => BenchJobs.Noop());
                }, "benchmark");
                await new BackgroundJobClient(storage.Store).ContinueJobWithAsync(created.BatchId, () => BenchJobs.Noop());
                jobs++;
            }
            var creation = Stopwatch.GetElapsedTime(started);
            await storage.SettleAsync();
            var run = await ProcessingRun.RunAsync(storage.Store, jobs, options.Workers, storeStats: options.StoreStats);
            if (run.Completed != jobs) throw new InvalidOperationException($"{path}: {run.Completed} of {jobs} jobs ran within the timeout.");
            results.Add(new
            {
                path, jobs,
                createSeconds = Math.Round(creation.TotalSeconds, 2), createdPerSecond = Rate.PerSecond(options.Jobs, creation),
                processSeconds = Math.Round(run.Processed.TotalSeconds, 2), processedPerSecond = Rate.PerSecond(jobs, run.Processed),
                settledSeconds = Math.Round(run.Settled.TotalSeconds, 2),
            });
        }
        return new { system = "ember", mode = options.Mode, storage = options.Storage, jobs = options.Jobs, workers = options.Workers, runs = results };
    }
}
