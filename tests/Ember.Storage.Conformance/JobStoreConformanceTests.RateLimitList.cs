using Xunit;

namespace Ember.Storage.Conformance;

// The read side of rate limits (IJobQueries.GetRateLimitsAsync): the keys in force, by key then algorithm, with each
// one's limit, count and next free time as RateLimitRules.Describe gives them at the store's time, a page of them at a
// time, and the live jobs carrying each key (its RateLimits parameter) counted as Processing or Waiting.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task GetRateLimits_lists_the_keys_in_force_with_their_counts_and_next_free_times()
    {
        Advance(10);
        var fixedLimit = Rate("customer:b", 2, 60, RateLimitAlgorithm.FixedWindow);
        var sliding = Rate("customer:a", 3, 10, RateLimitAlgorithm.SlidingWindow);
        var bucket = Rate("customer:a", 2, 10, RateLimitAlgorithm.TokenBucket);
        Assert.Equal(2, await GrantedOfAsync(2, fixedLimit));
        Assert.True((await TakeAsync(sliding)).IsGranted);
        Assert.True((await TakeAsync(bucket)).IsGranted);
        Advance(1);

        var listed = await Store.Queries.GetRateLimitsAsync(new RateLimitListRequest());

        Assert.Equal(
        [
            new RateLimitInfo("customer:a", RateLimitAlgorithm.SlidingWindow, 3, TimeSpan.FromSeconds(10), 1, null),
            new RateLimitInfo("customer:a", RateLimitAlgorithm.TokenBucket, 2, TimeSpan.FromSeconds(10), 1.2, null),
            new RateLimitInfo("customer:b", RateLimitAlgorithm.FixedWindow, 2, TimeSpan.FromSeconds(60), 2, Start.AddSeconds(60)),
        ], listed);
    }

    [Fact]
    public async Task GetRateLimits_leaves_out_the_keys_whose_count_ended_and_takes_the_first_count_by_key()
    {
        foreach (var key in new[] { "k3", "k1", "k2" }) Assert.True((await TakeAsync(Rate(key, 5, 10, RateLimitAlgorithm.FixedWindow))).IsGranted);
        Assert.True((await TakeAsync(Rate("k0", 5, 1, RateLimitAlgorithm.SlidingWindow))).IsGranted);

        Assert.Equal(["k0", "k1"], (await Store.Queries.GetRateLimitsAsync(new RateLimitListRequest(2))).Select(r => r.Key));
        Advance(1);
        Assert.Equal(["k1", "k2", "k3"], (await Store.Queries.GetRateLimitsAsync(new RateLimitListRequest())).Select(r => r.Key));
        Advance(10);
        Assert.Empty(await Store.Queries.GetRateLimitsAsync(new RateLimitListRequest()));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => Store.Queries.GetRateLimitsAsync(new RateLimitListRequest(0)));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => Store.Queries.GetRateLimitsAsync(new RateLimitListRequest(RateLimitListRequest.MaxCount + 1)));
    }

    [Fact]
    public async Task GetRateLimits_pages_through_the_keys_in_order()
    {
        foreach (var key in new[] { "k3", "k1", "k0", "k2" }) Assert.True((await TakeAsync(Rate(key, 5, 60, RateLimitAlgorithm.FixedWindow))).IsGranted);
        Assert.True((await TakeAsync(Rate("k1", 5, 60, RateLimitAlgorithm.TokenBucket))).IsGranted);

        Assert.Equal([("k1", RateLimitAlgorithm.TokenBucket), ("k2", RateLimitAlgorithm.FixedWindow)],
            (await Store.Queries.GetRateLimitsAsync(new RateLimitListRequest(2) { Offset = 2 })).Select(r => (r.Key, r.Algorithm)));
        Assert.Equal(["k3"], (await Store.Queries.GetRateLimitsAsync(new RateLimitListRequest(2) { Offset = 4 })).Select(r => r.Key));
        Assert.Empty(await Store.Queries.GetRateLimitsAsync(new RateLimitListRequest(2) { Offset = 5 }));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => Store.Queries.GetRateLimitsAsync(new RateLimitListRequest() { Offset = -1 }));
    }

    [Fact]
    public async Task GetRateLimits_counts_the_live_jobs_carrying_each_key_by_algorithm()
    {
        var a = Rate("customer:a", 2, 60, RateLimitAlgorithm.FixedWindow);
        var b = Rate("customer:b", 5, 60, RateLimitAlgorithm.TokenBucket);
        var aSliding = Rate("customer:a", 9, 60, RateLimitAlgorithm.SlidingWindow);
        Assert.True((await TakeAsync(a)).IsGranted);
        Assert.True((await TakeAsync(b)).IsGranted);
        // One job of key a runs (Processing), one finished (Succeeded: not counted).
        var running = await CreateAsync(Carrying(JobState.Enqueued, "run", a));
        var finished = await CreateAsync(Carrying(JobState.Enqueued, "done", a, b));
        await FetchOneAsync(running, "run");
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(finished, "done"), StateChange.Succeeded(Now.AddDays(1))));
        // Waiting: Enqueued and Scheduled (as a rate limit puts a job off), whatever else they carry.
        await CreateAsync(
            Carrying(JobState.Enqueued, "default", a, b), Carrying(JobState.Enqueued, "default", b, a),
            Carrying(JobState.Scheduled, "default", a) with { ScheduledAt = Now.AddMinutes(1) },
            Carrying(JobState.Enqueued, "default", aSliding), // another algorithm's count of the key: not in force, not listed
            Job() with { Parameters = new Dictionary<string, string> { ["RateLimits"] = "not a list", ["Culture"] = "\"en-GB\"" } },
            Job() with { Parameters = new Dictionary<string, string> { ["RateLimits"] = "[]" } },
            Job() with { Parameters = new Dictionary<string, string> { ["Culture"] = "\"en-GB\"" } });

        var listed = await Store.Queries.GetRateLimitsAsync(new RateLimitListRequest());

        Assert.Equal(
        [
            new RateLimitInfo("customer:a", RateLimitAlgorithm.FixedWindow, 2, TimeSpan.FromSeconds(60), 1, null) { Processing = 1, Waiting = 3 },
            new RateLimitInfo("customer:b", RateLimitAlgorithm.TokenBucket, 5, TimeSpan.FromSeconds(60), 4, null) { Processing = 0, Waiting = 2 },
        ], listed);
    }

    // A job carrying rate limits as the client writes them (the RateLimits parameter, a JSON array), among other parameters.
    private static NewJob Carrying(JobState state, string queue, params RateLimitOptions[] limits) =>
        Job(state, queue) with
        {
            Parameters = new Dictionary<string, string>
            {
                ["RateLimits"] = "[" + string.Join(",", limits.Select(l =>
                    $$"""{"key":"{{l.Key}}","limit":{{l.Limit}},"periodMs":{{l.PeriodMilliseconds}},"algorithm":"{{l.Algorithm}}"}""")) + "]",
                ["Culture"] = "\"en-GB\"",
            },
        };
}
