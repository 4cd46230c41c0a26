namespace Ember.Storage;

/// <summary>
/// What a store keeps per rate limit key and algorithm, as <see cref="RateLimitRules"/> reads and writes it. Times are
/// milliseconds since the Unix epoch; fields an algorithm doesn't use stay 0 (or empty).
/// </summary>
public sealed record RateLimitState
{
    /// <summary>The period the state was counted with, in ms: a token bucket whose period changed starts afresh.</summary>
    public long PeriodMs { get; init; }

    /// <summary>The limit of the last start counted, for the dashboard (<see cref="RateLimitInfo"/>); 0 when unknown.</summary>
    public long Limit { get; init; }

    /// <summary>Fixed window: the start of the window <see cref="Taken"/> counts.</summary>
    public long WindowStart { get; init; }

    /// <summary>Fixed window: permits taken in the window.</summary>
    public long Taken { get; init; }

    /// <summary>Token bucket: the level, in units of 1/PeriodMs token (one token is PeriodMs units; full is Limit × PeriodMs), so that refills are exact integers.</summary>
    public long Level { get; init; }

    /// <summary>Token bucket: when <see cref="Level"/> was computed.</summary>
    public long RefilledAt { get; init; }

    /// <summary>Sliding window: the starts within the last period, oldest first.</summary>
    public IReadOnlyList<long> Starts { get; init; } = [];

    /// <summary>From when the state is as good as none (a new window, an empty log, a full bucket): the store may delete it then.</summary>
    public long ExpiresAt { get; init; }
}
