using System.Diagnostics;
using Ember.Benchmarks.Measurement;
using Ember.Benchmarks.Storage;
using Ember.Dashboard;
using Ember.Dashboard.Pages;
using Ember.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// Server-side render time of the dashboard's pages with --backlog finished jobs stored (1,000,000 by default), plus
/// 1,000 enqueued and 1,000 failed ones so that those lists have content. Each page is rendered through the
/// dashboard's own page code, without HTTP, a few times unmeasured and then --samples times; prints p50, p95 and max.
/// With --rate-keys, the rate limits page last: --jobs more enqueued jobs carrying limits over that many keys, each
/// key in force (a permit taken under a 30-day limit), so that the page lists keys and counts the jobs under them.
/// </summary>
internal static class DashboardMode
{
    private const int Warmup = 3;

    public static async Task<object> RunAsync(BenchOptions options)
    {
        await using var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false);
        var store = storage.Store;
        await store.InitializeAsync();
        var seeding = Stopwatch.StartNew();
        await BacklogSeeder.SeedAsync(store, options.Backlog);
        var failedId = await SeedFailedAsync(store, 1_000);
        await Enqueuing.BulkAsync(new BackgroundJobClient(store), 1_000, "enqueue 1,000");
        seeding.Stop();

        var pages = new (string Name, string Query, Func<DashboardContext, Task<string?>> Render)[]
        {
            ("overview", "", async c => await OverviewPage.RenderAsync(c)),
            ("succeededFirstPage", "", async c => await JobsPage.RenderAsync(c, JobState.Succeeded)),
            ("succeededPage500", "?page=500", async c => await JobsPage.RenderAsync(c, JobState.Succeeded)),
            ("enqueued", "", async c => await JobsPage.RenderAsync(c, JobState.Enqueued)),
            ("failed", "", async c => await JobsPage.RenderAsync(c, JobState.Failed)),
            ("jobDetails", "", async c => await JobPage.RenderAsync(c, failedId)),
            ("liveStats", "", async c => (await c.Queries.GetStatisticsAsync()).Succeeded.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("searchSucceeded", "?q=Noop", async c => await JobsPage.RenderAsync(c, JobState.Succeeded)),
        };
        var results = new Dictionary<string, object>();
        await MeasureAsync(store, options, pages, results);
        if (options.RateKeys > 0)
        {
            await Enqueuing.BulkAsync(new BackgroundJobClient(store), options.Jobs, $"enqueue {options.Jobs:N0} under {options.RateKeys:N0} rate keys", options);
            await TakeOnePerKeyAsync(store, options);
            await MeasureAsync(store, options, [("rateLimits", "", async c => await RateLimitsPage.RenderAsync(c))], results);
            // What the page had to show: the keys in force and the jobs counted under the first of them.
            var listed = await store.Queries.GetRateLimitsAsync(new RateLimitListRequest(RateLimitListRequest.MaxCount));
            results["rateLimitsListed"] = new { keys = listed.Count, waiting = listed.Sum(k => k.Waiting) };
        }
        return new
        {
            system = "ember", mode = options.Mode, storage = options.Storage, backlog = options.Backlog, samples = options.Samples,
            rateKeys = options.RateKeys, rateJobs = options.RateKeys > 0 ? options.Jobs : 0,
            seedSeconds = Math.Round(seeding.Elapsed.TotalSeconds, 1), pages = results, peakWorkingSetMb = Memory.PeakWorkingSetMb(),
        };
    }

    // A permit per key under a 30-day limit (a window that ends mid-run would empty the page) of the jobs' algorithm: the keys stay in force while the page is measured.
    private static async Task TakeOnePerKeyAsync(IJobStore store, BenchOptions options)
    {
        foreach (var chunk in Enumerable.Range(0, options.RateKeys).Chunk(100))
            await store.TakeRatePermitsAsync(new TakeRatePermitsRequest([.. chunk.Select(i => new RatePermitRequest(
                [new RateLimitOptions($"bench:{i}", 1000, TimeSpan.FromDays(30)) { Algorithm = options.RateAlgorithm }], "0", "bench"))]));
    }

    private static async Task MeasureAsync(IJobStore store, BenchOptions options, IEnumerable<(string Name, string Query, Func<DashboardContext, Task<string?>> Render)> pages, Dictionary<string, object> results)
    {
        foreach (var (name, query, render) in pages)
        {
            var context = new DashboardContext
            {
                Queries = store.Queries, Options = new DashboardOptions(), Root = "/ember", PathAndQuery = "/" + query,
                Query = new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)),
                Antiforgery = ("__RequestVerificationToken", "bench"),
            };
            var times = new List<double>();
            for (var i = 0; i < Warmup + options.Samples; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var html = await render(context);
                if (html is null) throw new InvalidOperationException($"The {name} page rendered nothing.");
                if (i >= Warmup) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            var percentiles = new Percentiles(times);
            results[name] = new { p50Ms = percentiles.At(0.5), p95Ms = percentiles.At(0.95), maxMs = percentiles.Max };
        }
    }

    // Failed jobs of two exception types, through the store contract; returns the id of one of them.
    private static async Task<string> SeedFailedAsync(IJobStore store, int count)
    {
        await new StoreCycle(store).RunBatchAsync(count, i => new StateChange
        {
            State = JobState.Failed,
            Reason = "Failed in the benchmark",
            Error = new JobError(i % 2 == 0 ? "System.TimeoutException" : "System.IO.IOException", "The benchmark's failure", "at Bench()"),
        });
        return (await store.Queries.GetJobsAsync(new JobListRequest(JobState.Failed, 0, 1)))[0].Id;
    }
}
