namespace Ember.Storage;

/// <summary>A rate limit key as the dashboard shows it: its count in force now, and when it next allows a start.</summary>
/// <param name="Key">The key.</param>
/// <param name="Algorithm">How its starts are counted (a key has one count per algorithm).</param>
/// <param name="Limit">The limit of the last start taken (jobs carry their own; 0 when the state predates Ember storing it).</param>
/// <param name="Period">The period of that limit.</param>
/// <param name="Count">Fixed window: starts counted in the current window. Sliding window: starts within the last period
/// (a start held ahead counts until the end of its hold). Token bucket: tokens left now (fractional while refilling).</param>
/// <param name="NextFreeAt">When the key allows its next start; null when it allows one now.</param>
public sealed record RateLimitInfo(string Key, RateLimitAlgorithm Algorithm, int Limit, TimeSpan Period, double Count, DateTimeOffset? NextFreeAt)
{
    /// <summary>
    /// The jobs carrying the key (with this algorithm) that are Processing: claimed by a server, each holding the permit
    /// it took at its claim (or its start) or running on it.
    /// </summary>
    public long Processing { get; init; }

    /// <summary>
    /// The jobs carrying the key (with this algorithm) that are Enqueued or Scheduled: not started yet, those a rate
    /// limit put off included. Jobs whose limits come from attributes alone (recurring occurrences) carry none.
    /// </summary>
    public long Waiting { get; init; }
}
