namespace Ember.Storage;

/// <summary>A job with its state history.</summary>
/// <param name="Job">The job.</param>
/// <param name="History">Every transition, oldest first, the creation included.</param>
public sealed record JobDetails(JobInfo Job, IReadOnlyList<StateHistoryEntry> History);
