namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.CompleteAndFetchJobsAsync"/>.</summary>
/// <param name="Completions">Outcomes to apply first, as <see cref="IJobStore.CompleteJobsAsync"/> would.</param>
/// <param name="Fetch">Then the jobs to claim, as <see cref="IJobStore.FetchJobsAsync"/> would.</param>
public sealed record CompleteAndFetchRequest(IReadOnlyList<JobCompletion> Completions, FetchJobsRequest Fetch);
