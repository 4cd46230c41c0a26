namespace Ember.Storage;

/// <summary>A job with its state history and its log.</summary>
/// <param name="Job">The job.</param>
/// <param name="History">Every transition, oldest first, the creation included.</param>
public sealed record JobDetails(JobInfo Job, IReadOnlyList<StateHistoryEntry> History)
{
    /// <summary>The lines the job wrote to its log, oldest first (the newest of them, as many as the store keeps).</summary>
    public IReadOnlyList<JobLogLine> Log { get; init; } = [];

    /// <summary>
    /// For a continuation: every job (or batch) it waits for or waited for, in the order given at creation, the first
    /// being <see cref="JobInfo.ParentId"/>; empty for any other job.
    /// </summary>
    public IReadOnlyList<string> ParentIds { get; init; } = [];
}
