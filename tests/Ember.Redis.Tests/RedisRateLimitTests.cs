using Ember.Storage;
using Xunit;

namespace Ember.Redis.Tests;

/// <summary>What the conformance suite can't see: rate limit keys end on their own, by a TTL relative to Redis's clock.</summary>
public sealed class RedisRateLimitTests
{
    [Fact]
    public async Task Rate_limit_keys_get_a_relative_ttl_ending_when_they_count_as_none()
    {
        await using var fixture = new RedisStoreFixture();
        await fixture.Store.InitializeAsync();
        RateLimitOptions Limit(RateLimitAlgorithm algorithm, int seconds) => new("customer:42", 1, TimeSpan.FromSeconds(seconds)) { Algorithm = algorithm };
        fixture.Time.Advance(TimeSpan.FromSeconds(20));

        Assert.True((await fixture.Store.TakeRatePermitsAsync(One(
            [Limit(RateLimitAlgorithm.FixedWindow, 60), Limit(RateLimitAlgorithm.SlidingWindow, 60), Limit(RateLimitAlgorithm.TokenBucket, 120)], "1", "a")))[0].IsGranted);

        var keys = TestRedis.Keys(fixture.Prefix).Where(k => ((string)k!).Contains(":rate:", StringComparison.Ordinal)).ToDictionary(k => ((string)k!)[(((string)k!).IndexOf(":rate:", StringComparison.Ordinal) + 6)..], k => k);
        Assert.Equal(["FixedWindow:customer:42", "SlidingWindow:customer:42", "TokenBucket:customer:42"], keys.Keys.Order(StringComparer.Ordinal));
        // The fixed window started 20 s before (the clock's minute), so it ends in 40 s; the others a period after the start.
        await AssertTtlAsync(keys["FixedWindow:customer:42"], TimeSpan.FromSeconds(40));
        await AssertTtlAsync(keys["SlidingWindow:customer:42"], TimeSpan.FromSeconds(60));
        await AssertTtlAsync(keys["TokenBucket:customer:42"], TimeSpan.FromSeconds(120));
    }

    private static async Task AssertTtlAsync(StackExchange.Redis.RedisKey key, TimeSpan expected)
    {
        var ttl = await TestRedis.Database.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl!.Value, expected - TimeSpan.FromSeconds(5), expected);
    }

    private static TakeRatePermitsRequest One(IReadOnlyList<RateLimitOptions> limits, string jobId, string leaseToken) =>
        new([new RatePermitRequest(limits, jobId, leaseToken)]);
}
