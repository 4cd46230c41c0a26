namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobQueries.GetBatchJobsAsync"/>: a batch's own jobs (not its nested batches'), newest first.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Count">Page size.</param>
public sealed record BatchJobsRequest(string BatchId, int Count)
{
    /// <summary>Only jobs in this state, when given.</summary>
    public JobState? State { get; init; }

    /// <summary>Only jobs older than this one (a smaller id): the page after one that ended with it.</summary>
    public string? BeforeId { get; init; }
}
