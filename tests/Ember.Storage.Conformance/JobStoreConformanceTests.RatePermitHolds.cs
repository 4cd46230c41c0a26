using Xunit;

namespace Ember.Storage.Conformance;

// Rate permits held ahead of the start (RatePermitRequest.Hold): a server that takes them when it claims a batch
// starts each run some time within the hold, so each algorithm counts the start at the stricter end of it, and answers
// the last moment the run may start.
public abstract partial class JobStoreConformanceTests
{
    private RatePermitRequest HeldRun(int holdMs, params RateLimitOptions[] limits) =>
        new(limits, "1", $"lease-{Interlocked.Increment(ref _rateTakes)}") { Hold = TimeSpan.FromMilliseconds(holdMs) };

    private async Task<RatePermitResult> TakeHeldAsync(int holdMs, params RateLimitOptions[] limits) =>
        Assert.Single(await Store.TakeRatePermitsAsync(new TakeRatePermitsRequest([HeldRun(holdMs, limits)])));

    [Fact]
    public async Task TakeRatePermits_grants_until_the_end_of_the_hold_and_a_fixed_window_until_its_end()
    {
        Advance(10);
        var sliding = Rate("customer:42", 5, 60, RateLimitAlgorithm.SlidingWindow);
        var bucket = Rate("customer:42", 5, 60, RateLimitAlgorithm.TokenBucket);
        var fixedLimit = Rate("customer:42", 5, 60, RateLimitAlgorithm.FixedWindow);

        Assert.Equal(Now.AddMilliseconds(1500), (await TakeHeldAsync(1500, sliding, bucket)).ValidUntil);
        Assert.Equal(Now.AddMilliseconds(1500), (await TakeHeldAsync(1500, fixedLimit)).ValidUntil);
        Assert.Equal(Now, (await TakeAsync(sliding)).ValidUntil);
        // 2 s before the window's end, a 5 s hold is cut to the window's last millisecond: a start must fall in the window that counts it.
        Time.SetUtcNow(Start.AddSeconds(58));
        var cut = await TakeHeldAsync(5000, fixedLimit, bucket);
        Assert.True(cut.IsGranted);
        Assert.Equal(Start.AddSeconds(60).AddMilliseconds(-1), cut.ValidUntil);
    }

    [Fact]
    public async Task TakeRatePermits_sliding_window_counts_a_held_start_at_the_end_of_its_hold()
    {
        var limit = Rate("customer:42", 1, 10, RateLimitAlgorithm.SlidingWindow);
        Assert.True((await TakeHeldAsync(2000, limit)).IsGranted);

        // The run may start as late as 2 s: the next start waits until 10 s after that.
        Time.SetUtcNow(Start.AddSeconds(11));
        var refused = await TakeAsync(limit);
        Assert.Equal(Start.AddSeconds(12), refused.RetryAt);
        Time.SetUtcNow(Start.AddSeconds(12));
        Assert.True((await TakeAsync(limit)).IsGranted);
    }

    [Fact]
    public async Task TakeRatePermits_token_bucket_counts_a_held_token_at_the_end_of_its_hold()
    {
        var limit = Rate("customer:42", 2, 10, RateLimitAlgorithm.TokenBucket);
        Assert.True((await TakeHeldAsync(2000, limit)).IsGranted);

        // A full bucket of two: one token left at 2 s, so at 1 s a run that may start at once finds less than one.
        Time.SetUtcNow(Start.AddSeconds(1));
        Assert.Equal(Start.AddSeconds(2), (await TakeAsync(limit)).RetryAt);
        Time.SetUtcNow(Start.AddSeconds(2));
        Assert.True((await TakeAsync(limit)).IsGranted);
        Assert.Equal(Start.AddSeconds(7), (await TakeAsync(limit)).RetryAt);
    }

    [Theory]
    [InlineData(RateLimitAlgorithm.FixedWindow)]
    [InlineData(RateLimitAlgorithm.SlidingWindow)]
    [InlineData(RateLimitAlgorithm.TokenBucket)]
    public async Task TakeRatePermits_with_holds_never_lets_starts_anywhere_in_their_holds_exceed_the_limit(RateLimitAlgorithm algorithm)
    {
        // Starts at the worst moments of their holds: the earliest for one, the latest for the next, alternately. A
        // period of 10 s, longer than the test takes: Redis expires its keys by its own clock.
        var limit = Rate("customer:42", 3, 10, algorithm);
        var starts = new List<DateTimeOffset>();
        for (var step = 0; step < 300; step++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(110 + step % 7 * 50));
            var hold = step % 3 * 400;
            var result = await TakeHeldAsync(hold, limit);
            if (result.IsGranted) starts.Add(step % 2 == 0 ? Now : result.ValidUntil);
        }

        starts.Sort();
        var fixedWindows = algorithm == RateLimitAlgorithm.FixedWindow;
        for (var i = 3; i < starts.Count; i++)
        {
            if (fixedWindows)
                Assert.False(starts[i].ToUnixTimeMilliseconds() / 10_000 == starts[i - 3].ToUnixTimeMilliseconds() / 10_000, $"four starts in the window of {starts[i]:O}");
            else if (algorithm == RateLimitAlgorithm.SlidingWindow)
                Assert.True(starts[i] - starts[i - 3] >= TimeSpan.FromSeconds(10), $"four starts within 10 s, the last at {starts[i]:O}");
        }
        if (algorithm == RateLimitAlgorithm.TokenBucket)
        {
            // A bucket of 3 refilled at 3 per 10 s: any span of d seconds holds at most 3 + 0.3 d starts.
            for (var i = 0; i < starts.Count; i++)
                for (var j = i; j < starts.Count; j++)
                    Assert.True(j - i + 1 <= 3 + (0.3 * (starts[j] - starts[i]).TotalSeconds) + 1e-9, $"{j - i + 1} starts from {starts[i]:O} to {starts[j]:O}");
        }
        Assert.True(starts.Count >= 3 * 3, $"only {starts.Count} starts in about {(Now - Start).TotalSeconds} s");
    }

    [Fact]
    public async Task TakeRatePermits_refuses_a_hold_out_of_range()
    {
        var limit = Rate("customer:42", 1, 60, RateLimitAlgorithm.FixedWindow);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => TakeHeldAsync(-1, limit));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => TakeHeldAsync((int)RateLimitRules.MaxHold.TotalMilliseconds + 1, limit));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TakeRatePermitsAsync(new TakeRatePermitsRequest([Run(limit) with { Hold = TimeSpan.FromTicks(5) }])));
        Assert.True((await TakeHeldAsync((int)RateLimitRules.MaxHold.TotalMilliseconds, limit)).IsGranted);
    }
}
