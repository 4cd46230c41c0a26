namespace Ember;

/// <summary>How a rate limit counts the starts of its key's jobs (see <see cref="RateLimitOptions"/>).</summary>
public enum RateLimitAlgorithm
{
    /// <summary>
    /// At most Limit starts per window of Period, windows aligned on the Unix epoch (a minute window is a clock
    /// minute, the same on every server). Cheapest: one counter per key. Up to twice Limit may start within one Period
    /// that straddles two windows.
    /// </summary>
    FixedWindow = 0,

    /// <summary>
    /// At most Limit starts within any Period, measured back from each start: exact, at the cost of one stored time
    /// per start within the last Period (so Limit is at most <see cref="RateLimitOptions.MaxSlidingWindowLimit"/>).
    /// </summary>
    SlidingWindow = 1,

    /// <summary>
    /// A bucket of Limit tokens refilled at Limit per Period, one token per start: bursts up to Limit, then a steady
    /// Limit per Period. Stored as one level and one time per key.
    /// </summary>
    TokenBucket = 2,
}
