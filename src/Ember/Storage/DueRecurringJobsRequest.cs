namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.GetDueRecurringJobsAsync"/>.</summary>
/// <param name="MaxCount">The most recurring jobs to return.</param>
public sealed record DueRecurringJobsRequest(int MaxCount);
