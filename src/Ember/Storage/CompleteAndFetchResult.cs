namespace Ember.Storage;

/// <summary>What <see cref="IJobStore.CompleteAndFetchJobsAsync"/> did.</summary>
/// <param name="Applied">How many completions applied (the others were fenced out).</param>
/// <param name="Fetched">The jobs claimed.</param>
public sealed record CompleteAndFetchResult(int Applied, IReadOnlyList<FetchedJob> Fetched);
