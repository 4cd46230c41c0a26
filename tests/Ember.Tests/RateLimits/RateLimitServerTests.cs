using Ember.InMemory;
using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.RateLimits;

public class RateLimitServerTests
{
    // Start times are taken by the jobs, a little after their permits: the checks allow this much of a gap.
    private static readonly TimeSpan Jitter = TimeSpan.FromMilliseconds(100);

    private static async Task<(string Key, string[] Ids, IReadOnlyList<DateTimeOffset> Starts, IJobStore Store)> RunOnThreeServersAsync(RateLimitOptions limit, int jobs)
    {
        var store = new InMemoryJobStore();
        var harnesses = new List<ServerHarness>();
        try
        {
            for (var i = 0; i < 3; i++) harnesses.Add(await ServerHarness.StartAsync(o => o.SchedulePollingInterval = TimeSpan.FromMilliseconds(20), store));
            var key = Signals.NewKey();
            var ids = new string[jobs];
            for (var i = 0; i < jobs; i++)
                ids[i] = (await harnesses[i % 3].Client.EnqueueAsync(() => RateLimitJobs.Start(key, 42), new EnqueueOptions { RateLimits = [limit] })).JobId;
            await Signals.WaitAsync(key, jobs, TimeSpan.FromSeconds(30));
            foreach (var id in ids) await harnesses[0].WaitForStateAsync(id, JobState.Succeeded);
            return (key, ids, RateLimitJobs.StartsOf(key), store);
        }
        finally
        {
            foreach (var harness in harnesses) await harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task Three_servers_never_start_more_than_a_sliding_window_allows_in_any_period()
    {
        var limit = new RateLimitOptions("customer:42", 4, TimeSpan.FromSeconds(1)) { Algorithm = RateLimitAlgorithm.SlidingWindow };

        var (_, ids, starts, store) = await RunOnThreeServersAsync(limit, 14);

        Assert.Equal(14, starts.Count);
        for (var i = 4; i < starts.Count; i++)
            Assert.True(starts[i] - starts[i - 4] >= limit.Period - Jitter, $"5 starts within {(starts[i] - starts[i - 4]).TotalMilliseconds} ms");
        // Waiting spent no retry: every job ran once, and each refusal is a RateLimited entry without error.
        var history = (await Task.WhenAll(ids.Select(id => store.Queries.GetJobAsync(id)))).SelectMany(d => d!.History).ToList();
        Assert.Equal(14, history.Count(h => h.Kind == HistoryKind.Succeeded));
        var limited = history.Where(h => h.Kind == HistoryKind.RateLimited).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, h => Assert.Null(h.Error));
        Assert.All(limited, h => Assert.Equal(JobState.Scheduled, h.State));
        Assert.All(limited, h => Assert.StartsWith("Rate limited by customer:42: 4 per 1 s (sliding window); starts again at ", h.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Three_servers_never_start_more_than_a_fixed_window_allows_in_one_window()
    {
        var limit = new RateLimitOptions("customer:42", 3, TimeSpan.FromSeconds(1));

        var (_, _, starts, _) = await RunOnThreeServersAsync(limit, 10);

        Assert.Equal(10, starts.Count);
        // Counted by the windows of the store's clock; a start recorded just after a window's end may belong to it.
        foreach (var window in starts.GroupBy(s => s.ToUnixTimeMilliseconds() / 1000))
            Assert.True(window.Count() <= 3 || window.Count(s => s.ToUnixTimeMilliseconds() % 1000 >= Jitter.TotalMilliseconds) <= 3,
                $"{window.Count()} starts in the second {window.Key}");
        Assert.True(starts[^1] - starts[0] >= TimeSpan.FromSeconds(2) - Jitter, $"10 starts at 3 a second took only {(starts[^1] - starts[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Three_servers_follow_a_token_bucket_burst_then_its_rate()
    {
        var limit = new RateLimitOptions("customer:42", 4, TimeSpan.FromSeconds(1)) { Algorithm = RateLimitAlgorithm.TokenBucket };

        var (_, _, starts, _) = await RunOnThreeServersAsync(limit, 12);

        // A bucket of 4 refilled at 4 a second: any span d holds at most 4 + 4 d starts.
        for (var i = 0; i < starts.Count; i++)
            for (var j = i + 1; j < starts.Count; j++)
                Assert.True(j - i + 1 <= 4 + 4 * ((starts[j] - starts[i] + Jitter).TotalSeconds), $"{j - i + 1} starts within {(starts[j] - starts[i]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_store_that_fails_to_give_a_permit_fails_the_run_as_any_failure()
    {
        var store = new FaultyStore(new InMemoryJobStore())
        {
            Fault = (operation, _) => operation == nameof(IJobStore.TakeRatePermitsAsync) ? new InvalidOperationException("no permits here") : null,
        };
        await using var harness = await ServerHarness.StartAsync(store: store);
        var key = Signals.NewKey();

        var result = await harness.Client.EnqueueAsync(() => RateLimitJobs.Start(key, 1), new EnqueueOptions { RateLimits = [new RateLimitOptions("k", 1, TimeSpan.FromSeconds(1))] });

        await harness.WaitForStateAsync(result.JobId, JobState.Scheduled);
        var details = await harness.DetailsAsync(result.JobId);
        Assert.Equal(HistoryKind.RetryScheduled, details.History[^1].Kind);
        Assert.Contains("no permits here", details.History[^1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(0, Signals.Count(key));
    }
}
