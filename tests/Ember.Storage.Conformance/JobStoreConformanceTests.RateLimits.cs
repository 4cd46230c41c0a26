using Xunit;

namespace Ember.Storage.Conformance;

// Rate limits: permits taken per key and algorithm, all or nothing per call, exact under concurrent takers, with the
// retry time each algorithm promises (Ember.Storage.RateLimitRules). The fake clock starts on a whole minute.
public abstract partial class JobStoreConformanceTests
{
    private int _rateTakes;

    private static RateLimitOptions Rate(string key, int limit, int seconds, RateLimitAlgorithm algorithm) =>
        new(key, limit, TimeSpan.FromSeconds(seconds)) { Algorithm = algorithm };

    private RatePermitRequest Run(params RateLimitOptions[] limits) => new(limits, "1", $"lease-{Interlocked.Increment(ref _rateTakes)}");

    private async Task<RatePermitResult> TakeAsync(params RateLimitOptions[] limits) =>
        Assert.Single(await Store.TakeRatePermitsAsync(new TakeRatePermitsRequest([Run(limits)])));

    private async Task<int> GrantedOfAsync(int takes, params RateLimitOptions[] limits)
    {
        var granted = 0;
        for (var i = 0; i < takes; i++)
            if ((await TakeAsync(limits)).IsGranted) granted++;
        return granted;
    }

    [Theory]
    [InlineData(RateLimitAlgorithm.FixedWindow)]
    [InlineData(RateLimitAlgorithm.SlidingWindow)]
    [InlineData(RateLimitAlgorithm.TokenBucket)]
    public async Task TakeRatePermits_by_20_concurrent_takers_grants_exactly_the_limit(RateLimitAlgorithm algorithm)
    {
        var limit = Rate("customer:42", 7, 60, algorithm);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => TakeAsync(limit))));

        Assert.Equal(7, results.Count(r => r.IsGranted));
        Assert.All(results.Where(r => !r.IsGranted), r => Assert.Equal(0, r.RefusedBy));
        Assert.False((await TakeAsync(limit)).IsGranted);
    }

    [Fact]
    public async Task TakeRatePermits_fixed_window_refuses_until_the_next_window()
    {
        var limit = Rate("customer:42", 3, 60, RateLimitAlgorithm.FixedWindow);
        Advance(10);

        Assert.Equal(3, await GrantedOfAsync(3, limit));
        var refused = await TakeAsync(limit);

        Assert.Equal(0, refused.RefusedBy);
        Assert.Equal(Start.AddSeconds(60), refused.RetryAt);
        Advance(49);
        Assert.Equal(Start.AddSeconds(60), (await TakeAsync(limit)).RetryAt);
        Advance(1);
        Assert.Equal(3, await GrantedOfAsync(5, limit));
        Assert.Equal(Start.AddSeconds(120), (await TakeAsync(limit)).RetryAt);
    }

    [Fact]
    public async Task TakeRatePermits_sliding_window_counts_back_one_period_from_now()
    {
        var limit = Rate("customer:42", 3, 10, RateLimitAlgorithm.SlidingWindow);
        foreach (var at in new[] { 0, 2, 4 })
        {
            Time.SetUtcNow(Start.AddSeconds(at));
            Assert.True((await TakeAsync(limit)).IsGranted);
        }

        Time.SetUtcNow(Start.AddSeconds(5));
        Assert.Equal(Start.AddSeconds(10), (await TakeAsync(limit)).RetryAt);
        Time.SetUtcNow(Start.AddSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.False((await TakeAsync(limit)).IsGranted);
        // The start at 0 leaves the window at 10: one more fits, and the next waits for the start at 2 to leave.
        Time.SetUtcNow(Start.AddSeconds(10));
        Assert.True((await TakeAsync(limit)).IsGranted);
        var refused = await TakeAsync(limit);
        Assert.Equal(Start.AddSeconds(12), refused.RetryAt);
        Time.SetUtcNow(Start.AddSeconds(12));
        Assert.Equal(1, await GrantedOfAsync(3, limit));
        Assert.Equal(Start.AddSeconds(14), (await TakeAsync(limit)).RetryAt);
    }

    [Fact]
    public async Task TakeRatePermits_sliding_window_never_allows_more_than_the_limit_in_any_period()
    {
        var limit = Rate("customer:42", 5, 1, RateLimitAlgorithm.SlidingWindow);
        var starts = new List<DateTimeOffset>();
        for (var step = 0; step < 400; step++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(7 + step % 5 * 3));
            if ((await TakeAsync(limit)).IsGranted) starts.Add(Now);
        }

        for (var i = 5; i < starts.Count; i++) Assert.True(starts[i] - starts[i - 5] >= TimeSpan.FromSeconds(1), $"six starts within a second, the last at {starts[i]:O}");
        Assert.True(starts.Count >= 5 * 3, $"only {starts.Count} starts in about {(Now - Start).TotalSeconds} s");
    }

    [Fact]
    public async Task TakeRatePermits_token_bucket_allows_a_burst_then_refills_steadily()
    {
        var limit = Rate("customer:42", 2, 10, RateLimitAlgorithm.TokenBucket);

        Assert.Equal(2, await GrantedOfAsync(3, limit));
        Assert.Equal(Start.AddSeconds(5), (await TakeAsync(limit)).RetryAt);
        Time.SetUtcNow(Start.AddSeconds(3));
        Assert.Equal(Start.AddSeconds(5), (await TakeAsync(limit)).RetryAt);
        Time.SetUtcNow(Start.AddSeconds(5));
        Assert.Equal(1, await GrantedOfAsync(2, limit));
        Assert.Equal(Start.AddSeconds(10), (await TakeAsync(limit)).RetryAt);
        // Idle long enough, the bucket is full again, and holds no more than the limit.
        Time.SetUtcNow(Start.AddSeconds(60));
        Assert.Equal(2, await GrantedOfAsync(4, limit));
    }

    [Fact]
    public async Task TakeRatePermits_token_bucket_retry_time_is_rounded_up_to_the_millisecond()
    {
        var limit = Rate("customer:42", 3, 1, RateLimitAlgorithm.TokenBucket);

        Assert.Equal(3, await GrantedOfAsync(3, limit));
        var refused = await TakeAsync(limit);

        Assert.Equal(Start.AddMilliseconds(334), refused.RetryAt);
        Time.SetUtcNow(Start.AddMilliseconds(333));
        Assert.False((await TakeAsync(limit)).IsGranted);
        Time.SetUtcNow(Start.AddMilliseconds(334));
        Assert.True((await TakeAsync(limit)).IsGranted);
    }

    [Fact]
    public async Task TakeRatePermits_is_all_or_nothing_and_names_the_limit_that_waits_longest()
    {
        var perCustomer = Rate("customer:42", 2, 60, RateLimitAlgorithm.FixedWindow);
        var overall = Rate("all", 1, 10, RateLimitAlgorithm.SlidingWindow);
        Assert.True((await TakeAsync(overall)).IsGranted);

        var refused = await TakeAsync(perCustomer, overall);

        Assert.Equal(1, refused.RefusedBy);
        Assert.Equal(Start.AddSeconds(10), refused.RetryAt);
        // The refused call took nothing from the per-customer limit: both of its permits are left.
        Assert.Equal(2, await GrantedOfAsync(3, perCustomer));
        var both = await TakeAsync(perCustomer, overall);
        Assert.Equal(0, both.RefusedBy);
        Assert.Equal(Start.AddSeconds(60), both.RetryAt);
    }

    [Fact]
    public async Task TakeRatePermits_keeps_one_count_per_key_and_algorithm()
    {
        Assert.True((await TakeAsync(Rate("customer:1", 1, 60, RateLimitAlgorithm.FixedWindow))).IsGranted);

        Assert.True((await TakeAsync(Rate("customer:2", 1, 60, RateLimitAlgorithm.FixedWindow))).IsGranted);
        Assert.True((await TakeAsync(Rate("customer:1", 1, 60, RateLimitAlgorithm.SlidingWindow))).IsGranted);
        Assert.True((await TakeAsync(Rate("customer:1", 1, 60, RateLimitAlgorithm.TokenBucket))).IsGranted);
        Assert.True((await TakeAsync(Rate("Customer:1", 1, 60, RateLimitAlgorithm.FixedWindow))).IsGranted);
        Assert.False((await TakeAsync(Rate("customer:1", 1, 60, RateLimitAlgorithm.FixedWindow))).IsGranted);
    }

    [Fact]
    public async Task TakeRatePermits_takes_keys_with_any_characters_and_the_longest_key()
    {
        var odd = Rate("tenant:{x} 'quoted' \"double\" ü 🔥 % _ \\ * ? [a]", 1, 60, RateLimitAlgorithm.SlidingWindow);
        var longest = Rate(new string('k', RateLimitOptions.MaxKeyLength), 1, 60, RateLimitAlgorithm.TokenBucket);

        Assert.True((await TakeAsync(odd, longest)).IsGranted);

        Assert.Equal(0, (await TakeAsync(odd)).RefusedBy);
        Assert.Equal(0, (await TakeAsync(longest)).RefusedBy);
    }

    [Fact]
    public async Task TakeRatePermits_after_maintenance_still_counts_the_windows_in_force()
    {
        var fixedLimit = Rate("customer:42", 1, 60, RateLimitAlgorithm.FixedWindow);
        var sliding = Rate("customer:42", 1, 60, RateLimitAlgorithm.SlidingWindow);
        var bucket = Rate("customer:42", 1, 60, RateLimitAlgorithm.TokenBucket);
        Assert.True((await TakeAsync(fixedLimit, sliding, bucket)).IsGranted);
        Advance(30);

        await Store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100));

        Assert.False((await TakeAsync(fixedLimit)).IsGranted);
        Assert.False((await TakeAsync(sliding)).IsGranted);
        Assert.False((await TakeAsync(bucket)).IsGranted);
        Advance(30);
        await Store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100));
        Assert.True((await TakeAsync(fixedLimit, sliding, bucket)).IsGranted);
    }

    [Fact]
    public async Task TakeRatePermits_refuses_an_invalid_request()
    {
        var limit = Rate("customer:42", 1, 60, RateLimitAlgorithm.FixedWindow);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => TakeAsync());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TakeRatePermitsAsync(new TakeRatePermitsRequest([])));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TakeRatePermitsAsync(new TakeRatePermitsRequest([Run(limit), Run(limit with { Limit = -1 })])));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => TakeAsync(limit, limit with { Limit = 2 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => TakeAsync(limit with { Limit = 0 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => TakeAsync(limit with { Period = TimeSpan.Zero }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => TakeAsync(limit with { Key = new string('k', RateLimitOptions.MaxKeyLength + 1) }));
        Assert.True((await TakeAsync(limit)).IsGranted);
    }

    [Fact]
    public async Task TakeRatePermits_decides_the_runs_of_one_call_in_order_each_seeing_the_earlier_ones()
    {
        var perCustomer = Rate("customer:42", 2, 60, RateLimitAlgorithm.FixedWindow);
        var overall = Rate("all", 3, 10, RateLimitAlgorithm.SlidingWindow);
        var bucket = Rate("customer:42", 1, 10, RateLimitAlgorithm.TokenBucket);

        var results = await Store.TakeRatePermitsAsync(new TakeRatePermitsRequest(
        [
            Run(perCustomer, overall), Run(perCustomer, overall), Run(perCustomer, overall), Run(overall), Run(overall),
            Run(bucket), Run(bucket, Rate("other", 1, 60, RateLimitAlgorithm.FixedWindow)),
        ]));

        Assert.Equal(7, results.Count);
        Assert.True(results[0].IsGranted);
        Assert.True(results[1].IsGranted);
        Assert.Equal(new RatePermitResult(0, Start.AddSeconds(60)), results[2]);
        Assert.True(results[3].IsGranted);
        Assert.Equal(new RatePermitResult(0, Start.AddSeconds(10)), results[4]);
        Assert.True(results[5].IsGranted);
        Assert.Equal(new RatePermitResult(0, Start.AddSeconds(10)), results[6]);
        // The refused runs took nothing: "other" is untouched, and the overall limit counted three starts.
        Assert.True((await TakeAsync(Rate("other", 1, 60, RateLimitAlgorithm.FixedWindow))).IsGranted);
        Assert.Equal(Start.AddSeconds(10), (await TakeAsync(overall)).RetryAt);
    }

    [Fact]
    public async Task TakeRatePermits_by_concurrent_calls_of_many_runs_grants_exactly_the_limit()
    {
        var limit = Rate("customer:42", 25, 60, RateLimitAlgorithm.SlidingWindow);

        var calls = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Store.TakeRatePermitsAsync(new TakeRatePermitsRequest([.. Enumerable.Range(0, 10).Select(_ => Run(limit))])))));

        Assert.Equal(25, calls.Sum(c => c.Count(r => r.IsGranted)));
    }
}
