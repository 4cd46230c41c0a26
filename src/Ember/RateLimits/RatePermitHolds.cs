using Ember.Storage;

namespace Ember;

/// <summary>
/// How long a server asks its rate permits to stay usable (<see cref="RatePermitRequest.Hold"/>): the store counts each
/// start at the stricter end of its hold, so a hold costs a sliding window up to Hold / Period of its rate, and nothing
/// to a fixed window or (short of a full bucket) a token bucket.
/// </summary>
internal static class RatePermitHolds
{
    /// <summary>
    /// The hold of permits taken when a batch is claimed: longer than a job waits in the buffer (which holds about
    /// <see cref="Server.PrefetchPacer.MaxWorkHeld"/> of work) plus a fetch, so that a buffered job rarely outlives it.
    /// </summary>
    public static readonly TimeSpan AtClaim = TimeSpan.FromSeconds(1);

    /// <summary>
    /// What must be left of a permit for a run to start on it: the run's filters and the hop to its method happen after
    /// the check, and must fall within the hold too.
    /// </summary>
    public static readonly TimeSpan StartMargin = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// What must be left of a permit on the method's doorstep (<see cref="RunPermits.ConfirmAsync"/>): only the call
    /// itself comes after that check, but a thread can be descheduled for a few milliseconds anywhere.
    /// </summary>
    public static readonly TimeSpan DoorstepMargin = TimeSpan.FromMilliseconds(20);

    /// <summary>The hold of permits taken just before a run starts: its filters and the hop to its method.</summary>
    public static readonly TimeSpan AtStart = StartMargin;

    // A sliding window pays Hold / Period of its rate: holds stay within a tenth of its period.
    private const int SlidingShare = 10;

    /// <summary>
    /// Whether the permits of a run with <paramref name="limits"/> may be taken when its job is claimed: not when a
    /// sliding window's period is so short that <see cref="AtClaim"/> would cost it more than a tenth of its rate.
    /// </summary>
    public static bool TakenAtClaim(IReadOnlyList<RateLimitOptions> limits)
    {
        foreach (var limit in limits)
            if (limit.Algorithm == RateLimitAlgorithm.SlidingWindow && limit.Period < AtClaim * SlidingShare) return false;
        return true;
    }

    /// <summary>The hold of a run taking its permits just before it starts.</summary>
    public static TimeSpan AtStartOf(IReadOnlyList<RateLimitOptions> limits)
    {
        var hold = AtStart;
        foreach (var limit in limits)
            if (limit.Algorithm == RateLimitAlgorithm.SlidingWindow && limit.Period / SlidingShare < hold)
                hold = TimeSpan.FromMilliseconds(limit.PeriodMilliseconds / SlidingShare);
        return hold;
    }

    /// <summary>Whether a permit valid until <paramref name="validUntil"/> still lets a run start at <paramref name="now"/>.</summary>
    public static bool Usable(DateTimeOffset validUntil, DateTimeOffset now) => now + StartMargin <= validUntil;

    /// <summary>
    /// Waits for the end of a fixed window of <paramref name="limits"/> that ends within <see cref="StartMargin"/>, if
    /// any: a permit taken before it would be cut at its end, too short for the run to start on. Windows are aligned on
    /// the epoch, so the server knows them as the store does. Waits on until the clock has passed the end: a timer may
    /// wake a millisecond early by the wall clock, which is what the store reads.
    /// </summary>
    public static async Task WaitForWindowEndAsync(IReadOnlyList<RateLimitOptions> limits, TimeProvider time, CancellationToken cancellationToken)
    {
        while (WindowEndingSoon(limits, time.GetUtcNow()) is { } wait)
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
    }

    // How long until the latest fixed window of these limits that ends within the start margin ends (at least 1 ms);
    // null when none does.
    private static TimeSpan? WindowEndingSoon(IReadOnlyList<RateLimitOptions> limits, DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        long? latest = null;
        foreach (var limit in limits)
        {
            if (limit.Algorithm != RateLimitAlgorithm.FixedWindow) continue;
            var end = ms - (ms % limit.PeriodMilliseconds) + limit.PeriodMilliseconds;
            if (end - ms <= StartMargin.TotalMilliseconds && (latest is null || end > latest)) latest = end;
        }
        return latest is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) - now + TimeSpan.FromMilliseconds(1) : null;
    }
}
