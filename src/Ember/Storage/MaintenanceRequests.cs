namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.RescueExpiredLeasesAsync"/>.</summary>
/// <param name="MaxCount">The most jobs to rescue in one call.</param>
public sealed record RescueExpiredLeasesRequest(int MaxCount);

/// <summary>Parameters of <see cref="IJobStore.EnqueueDueScheduledAsync"/>.</summary>
/// <param name="MaxCount">The most jobs to enqueue in one call.</param>
public sealed record EnqueueDueScheduledRequest(int MaxCount);

/// <summary>Parameters of <see cref="IJobStore.DeleteExpiredJobsAsync"/>.</summary>
/// <param name="MaxCount">The most jobs to delete in one call.</param>
public sealed record DeleteExpiredJobsRequest(int MaxCount);

/// <summary>Parameters of <see cref="IJobStore.RemoveDeadServersAsync"/>.</summary>
/// <param name="Timeout">Servers silent for longer than this are removed.</param>
public sealed record RemoveDeadServersRequest(TimeSpan Timeout);
