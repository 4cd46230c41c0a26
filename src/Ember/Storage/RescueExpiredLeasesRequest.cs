namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.RescueExpiredLeasesAsync"/>.</summary>
/// <param name="MaxCount">The most jobs to rescue in one call.</param>
public sealed record RescueExpiredLeasesRequest(int MaxCount);
