using System.Diagnostics;
using Ember.Benchmarks.Measurement;
using Ember.Benchmarks.Storage;
using Ember.Invocations;
using Ember.Storage;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// "Requeue all" and "Delete all" on N Failed jobs: through the client's batched RequeueManyAsync/DeleteManyAsync (a
/// store call per 1,000 ids) and one job per call (RequeueAsync/DeleteAsync, what the dashboard did before), each on a
/// fresh store seeded with N Failed jobs. The seeding is not timed.
/// </summary>
internal static class BulkMode
{
    private const int SeedBatch = 1_000;

    public static async Task<object> RunAsync(BenchOptions options)
    {
        var results = new List<object>();
        foreach (var action in new[] { "requeue", "delete" })
        {
            foreach (var path in new[] { "bulk", "one-by-one" })
            {
                await using var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false);
                await storage.Store.InitializeAsync();
                var ids = await SeedFailedAsync(storage.Store, options.Jobs);
                await storage.SettleAsync();
                var client = new BackgroundJobClient(storage.Store);
                var started = Stopwatch.GetTimestamp();
                var changed = path == "bulk"
                    ? await (action == "requeue" ? client.RequeueManyAsync(ids) : client.DeleteManyAsync(ids))
                    : await OneByOneAsync(ids, id => action == "requeue" ? client.RequeueAsync(id) : client.DeleteAsync(id));
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (changed != ids.Count) throw new InvalidOperationException($"{action} ({path}) changed {changed} of {ids.Count} jobs.");
                results.Add(new { action, path, jobs = ids.Count, seconds = Math.Round(elapsed.TotalSeconds, 2), jobsPerSecond = Rate.PerSecond(ids.Count, elapsed) });
            }
        }
        return new { system = "ember", mode = options.Mode, storage = options.Storage, jobs = options.Jobs, runs = results };
    }

    private static async Task<int> OneByOneAsync(IReadOnlyList<string> ids, Func<string, Task<bool>> change)
    {
        var changed = 0;
        using var bar = new ProgressBar("one by one", ids.Count);
        foreach (var id in ids)
        {
            if (await change(id)) changed++;
            if (changed % 1000 == 0) bar.Report(changed);
        }
        return changed;
    }

    // Created, claimed and failed a thousand at a time, as a server's completer writes them.
    private static async Task<IReadOnlyList<string>> SeedFailedAsync(IJobStore store, int count)
    {
        var ember = new EmberOptions();
        var invocation = Invocation.Serialize(Job.FromExpression(() => BenchJobs.Noop()), ember.SerializerOptions);
        var failed = StateChange.Failed(HistoryKind.Failed, new JobError("System.TimeoutException", "The operation has timed out.", "at Bench()"), "Failed by the benchmark", DateTimeOffset.UtcNow + ember.JobExpiration);
        var ids = new List<string>(count);
        using var bar = new ProgressBar("seeding Failed jobs", count);
        while (ids.Count < count)
        {
            var size = Math.Min(SeedBatch, count - ids.Count);
            var jobs = new NewJob[size];
            Array.Fill(jobs, new NewJob { Invocation = invocation, Queue = ember.DefaultQueue, State = JobState.Enqueued });
            await store.CreateJobsAsync(new CreateJobsRequest(jobs));
            var fetched = await store.FetchJobsAsync(new FetchJobsRequest("ember-bench-bulk", [ember.DefaultQueue], size, TimeSpan.FromMinutes(10)));
            await store.CompleteJobsAsync(new CompleteJobsRequest(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, failed)).ToArray()));
            ids.AddRange(fetched.Select(f => f.Id));
            bar.Report(ids.Count);
        }
        return ids;
    }
}
