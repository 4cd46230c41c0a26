using System.Globalization;

namespace Ember;

/// <summary>
/// A rate limit on the starts of jobs that share a key: at most <see cref="Limit"/> per <see cref="Period"/>, counted
/// by <see cref="Algorithm"/> across every server of the store. A job over the rate is not started: it is Scheduled
/// again for the moment its key allows it, without spending a retry (history kind <c>RateLimited</c>).
/// </summary>
/// <example><code>new RateLimitOptions($"customer:{customerId}", 100, TimeSpan.FromMinutes(1))</code></example>
public sealed record RateLimitOptions
{
    /// <summary>The longest key accepted, in characters: keys are stored and indexed as they are.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The highest limit accepted.</summary>
    public const int MaxLimit = 1_000_000;

    /// <summary>The highest limit of a <see cref="RateLimitAlgorithm.SlidingWindow"/>, which stores one time per start within its period.</summary>
    public const int MaxSlidingWindowLimit = 10_000;

    /// <summary>The longest period accepted.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(30);

    /// <summary>Creates a limit of <paramref name="limit"/> starts per <paramref name="period"/> for jobs with <paramref name="key"/>.</summary>
    /// <param name="key">The key, one to <see cref="MaxKeyLength"/> characters, e.g. <c>"customer:42"</c>.</param>
    /// <param name="limit">Starts per period: 1 to <see cref="MaxLimit"/>.</param>
    /// <param name="period">Whole milliseconds, from 1 ms to <see cref="MaxPeriod"/>.</param>
    public RateLimitOptions(string key, int limit, TimeSpan period)
    {
        Key = key;
        Limit = limit;
        Period = period;
    }

    /// <summary>The key; compared as an ordinal string across every queue and method. Each algorithm keeps its own count of a key.</summary>
    public string Key { get; init; }

    /// <summary>How many jobs of the key may start per <see cref="Period"/>.</summary>
    public int Limit { get; init; }

    /// <summary>The period <see cref="Limit"/> applies to.</summary>
    public TimeSpan Period { get; init; }

    /// <summary>How starts are counted. Default <see cref="RateLimitAlgorithm.FixedWindow"/>.</summary>
    public RateLimitAlgorithm Algorithm { get; init; } = RateLimitAlgorithm.FixedWindow;

    /// <summary><see cref="Period"/> in milliseconds, as the stores count it.</summary>
    public long PeriodMilliseconds => Period.Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the limit can't be stored: an empty or too long key, a limit or
    /// period out of range, an unknown algorithm. The message says what to change.
    /// </summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Key))
            throw new ArgumentException("A rate limit's key is empty: give a key such as \"customer:42\" (RateLimitOptions.Key).", nameof(Key));
        if (Key.Length > MaxKeyLength)
            throw new ArgumentException(
                $"The rate limit key '{Key[..40]}…' has {Key.Length} characters; at most {MaxKeyLength} are accepted. Use a shorter key, e.g. a hash of the long part.", nameof(Key));
        if (!Enum.IsDefined(Algorithm))
            throw new ArgumentException($"The rate limit '{Key}' names an unknown algorithm {(int)Algorithm}: use FixedWindow, SlidingWindow or TokenBucket.", nameof(Algorithm));
        if (Limit <= 0 || Limit > MaxLimit)
            throw new ArgumentException(
                $"The rate limit '{Key}' allows {Limit} starts per period; give 1 to {MaxLimit:N0}. To stop the key's jobs for a while, pause their queue instead.", nameof(Limit));
        if (Algorithm == RateLimitAlgorithm.SlidingWindow && Limit > MaxSlidingWindowLimit)
            throw new ArgumentException(
                $"The sliding-window rate limit '{Key}' allows {Limit:N0} starts per period; a sliding window stores one time per start, so it takes at most {MaxSlidingWindowLimit:N0}. " +
                "Use FixedWindow or TokenBucket for a higher limit, or a shorter period with a proportionally lower limit.", nameof(Limit));
        if (Period <= TimeSpan.Zero || Period > MaxPeriod || Period.Ticks % TimeSpan.TicksPerMillisecond != 0)
            throw new ArgumentException(
                $"The rate limit '{Key}' has a period of {Period}; give a whole number of milliseconds from 1 ms to {MaxPeriod.TotalDays.ToString(CultureInfo.InvariantCulture)} days, e.g. TimeSpan.FromMinutes(1).", nameof(Period));
    }

    /// <summary>The limit in words, for the history and the dashboard: "100 per 1 min (fixed window)".</summary>
    public override string ToString() => $"{Key}: {Limit.ToString(CultureInfo.InvariantCulture)} per {Describe(Period)} ({Algorithm switch
    {
        RateLimitAlgorithm.SlidingWindow => "sliding window",
        RateLimitAlgorithm.TokenBucket => "token bucket",
        _ => "fixed window",
    }})";

    private static string Describe(TimeSpan period) =>
        period.Ticks % TimeSpan.TicksPerDay == 0 ? $"{period.TotalDays.ToString(CultureInfo.InvariantCulture)} d"
        : period.Ticks % TimeSpan.TicksPerHour == 0 ? $"{period.TotalHours.ToString(CultureInfo.InvariantCulture)} h"
        : period.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{period.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min"
        : period.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{period.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
        : $"{period.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms";
}
