namespace Ember.Storage;

/// <summary>One run of a <see cref="TakeRatePermitsRequest"/>: it needs one permit of each of its limits, all or none.</summary>
/// <param name="Limits">The run's limits: valid (<see cref="RateLimitOptions.Validate"/>), no key given twice for one algorithm.</param>
/// <param name="JobId">The job about to start.</param>
/// <param name="LeaseToken">The lease of that run; with <paramref name="JobId"/>, for the store's logs and traces (a permit is counted per call, not per run).</param>
public sealed record RatePermitRequest(IReadOnlyList<RateLimitOptions> Limits, string JobId, string LeaseToken)
{
    /// <summary>
    /// How long after the call the run may start with the permits it is granted: a server that takes them when it claims
    /// a batch of jobs, ahead of their starts, asks for the time a job may wait in its buffer. The store counts the start
    /// at whichever end of that span is stricter for each algorithm (see <see cref="RateLimitRules"/>), so a longer hold
    /// costs a sliding window some of its rate (a start occupies its window for up to Period + Hold) and cuts a fixed
    /// window's permit at the window's end. Whole milliseconds, 0 to <see cref="RateLimitRules.MaxHold"/>. Default 0:
    /// the run starts at once.
    /// </summary>
    public TimeSpan Hold { get; init; }

    /// <summary><see cref="Hold"/> in milliseconds, as the stores count it.</summary>
    public long HoldMilliseconds => Hold.Ticks / TimeSpan.TicksPerMillisecond;
}
