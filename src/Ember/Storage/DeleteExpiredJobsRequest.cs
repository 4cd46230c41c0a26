namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.DeleteExpiredJobsAsync"/>.</summary>
/// <param name="MaxCount">The most jobs to delete in one call.</param>
public sealed record DeleteExpiredJobsRequest(int MaxCount);
