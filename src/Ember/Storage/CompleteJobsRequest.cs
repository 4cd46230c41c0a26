namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.CompleteJobsAsync"/>.</summary>
/// <param name="Completions">The outcomes to apply, each fenced by its lease token.</param>
public sealed record CompleteJobsRequest(IReadOnlyList<JobCompletion> Completions);
