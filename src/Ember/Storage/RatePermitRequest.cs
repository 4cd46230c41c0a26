namespace Ember.Storage;

/// <summary>One run of a <see cref="TakeRatePermitsRequest"/>: it needs one permit of each of its limits, all or none.</summary>
/// <param name="Limits">The run's limits: valid (<see cref="RateLimitOptions.Validate"/>), no key given twice for one algorithm.</param>
/// <param name="JobId">The job about to start.</param>
/// <param name="LeaseToken">The lease of that run; with <paramref name="JobId"/>, for the store's logs and traces (a permit is counted per call, not per run).</param>
public sealed record RatePermitRequest(IReadOnlyList<RateLimitOptions> Limits, string JobId, string LeaseToken);
