using System.Collections.Concurrent;
using Ember.InMemory;
using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.RateLimits;

// Rate permits taken when a batch is claimed (ClaimPermits), and what the metrics count of a run a rate limit puts off.
public class ClaimPermitsTests
{
    [Fact]
    public async Task A_claimed_batch_takes_its_permits_in_one_call_and_its_runs_none_of_their_own()
    {
        var calls = new ConcurrentQueue<TakeRatePermitsRequest>();
        var store = new FaultyStore(new InMemoryJobStore())
        {
            Fault = (operation, request) =>
            {
                if (operation == nameof(IJobStore.TakeRatePermitsAsync)) calls.Enqueue((TakeRatePermitsRequest)request!);
                return null;
            },
        };
        var key = Signals.NewKey();
        var client = new BackgroundJobClient(store);
        for (var i = 0; i < 120; i++)
            await client.EnqueueAsync(() => RateLimitJobs.Start(key, i), new EnqueueOptions { RateLimits = [new RateLimitOptions($"customer:{i % 10}", 1000, TimeSpan.FromMinutes(1))] });

        await using (await ServerHarness.StartAsync(o => o.WorkerCount = 8, store))
            await Signals.WaitAsync(key, 120, TimeSpan.FromSeconds(30));

        // Every job took its permit once, at claim (held for the buffer), in calls of whole fetched batches.
        Assert.Equal(120, calls.Sum(c => c.Runs.Count));
        Assert.All(calls.SelectMany(c => c.Runs), run => Assert.Equal(RatePermitHolds.AtClaim, run.Hold));
        Assert.Contains(calls, c => c.Runs.Count > 1);
        Assert.Equal(120, calls.SelectMany(c => c.Runs).Select(r => r.JobId).Distinct().Count());
    }

    [Theory]
    [InlineData(RateLimitAlgorithm.TokenBucket, 3600)] // refused when claimed
    [InlineData(RateLimitAlgorithm.SlidingWindow, 5)] // too short a window to hold at claim: refused by the run
    public async Task A_run_a_rate_limit_puts_off_counts_in_rate_limited_not_in_started_nor_processed(RateLimitAlgorithm algorithm, int periodSeconds)
    {
        using var measurements = new MeasurementCollector();
        var queue = "rates-" + Guid.NewGuid().ToString("N")[..8];
        var key = Signals.NewKey();
        var store = new InMemoryJobStore();
        var client = new BackgroundJobClient(store);
        var limit = new RateLimitOptions($"customer:{key}", 1, TimeSpan.FromSeconds(periodSeconds)) { Algorithm = algorithm };
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await client.EnqueueAsync(() => RateLimitJobs.Start(key, i), new EnqueueOptions { Queue = queue, RateLimits = [limit] })).JobId);

        await using var harness = await ServerHarness.StartAsync(o => o.Queues = [queue], store);
        _ = harness;
        await Signals.WaitAsync(key, 1, TimeSpan.FromSeconds(10));
        var refused = await Eventually.ReturnsAsync(
            async () => (await Task.WhenAll(ids.Select(id => store.Queries.GetJobAsync(id)))).Count(d => d!.History[^1].Kind == HistoryKind.RateLimited),
            count => count == 2, TimeSpan.FromSeconds(10), "two jobs rate limited");
        await Eventually.ReturnsAsync(
            async () => (await Task.WhenAll(ids.Select(id => store.Queries.GetJobAsync(id)))).Count(d => d!.Job.State == JobState.Succeeded),
            count => count == 1, TimeSpan.FromSeconds(10), "the one permitted job succeeded");

        double Sum(string instrument, string? outcome = null) => measurements.Of(instrument)
            .Where(m => (string?)m[EmberTags.Destination] == queue && (outcome is null || (string?)m[EmberTags.Outcome] == outcome)).Sum(m => m.Value);
        Assert.Equal(1, Sum("ember.jobs.started"));
        Assert.Equal(2, Sum("ember.jobs.rate_limited"));
        await Eventually.ReturnsAsync(() => Task.FromResult(Sum("ember.jobs.processed")), n => n == 1, TimeSpan.FromSeconds(5), "one run processed");
        Assert.Equal(0, Sum("ember.jobs.processed", "rate_limited"));
        Assert.Equal(1, measurements.Of("ember.job.duration").Count(m => (string?)m[EmberTags.Destination] == queue));
    }
}
