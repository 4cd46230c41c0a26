using Xunit;

namespace Ember.Storage.Conformance;

// The read side of rate limits (IJobQueries.GetRateLimitsAsync): the keys in force, by key then algorithm, with each
// one's limit, count and next free time as RateLimitRules.Describe gives them at the store's time.
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
}
