namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.EnqueueDueScheduledAsync"/>.</summary>
/// <param name="MaxCount">The most jobs to enqueue in one call.</param>
public sealed record EnqueueDueScheduledRequest(int MaxCount);
