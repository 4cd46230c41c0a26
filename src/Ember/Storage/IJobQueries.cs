namespace Ember.Storage;

/// <summary>The read side of a store: what the dashboard and tests look at. Never changes anything.</summary>
public interface IJobQueries
{
    /// <summary>One job with its whole state history (oldest first), or null when no such job exists.</summary>
    Task<JobDetails?> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>How many jobs are in each state (every state present, zero when empty).</summary>
    Task<IReadOnlyDictionary<JobState, long>> GetStateCountsAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts per state and the running totals of succeeded and failed jobs, in one cheap call (no scan of
    /// the jobs, however many are stored): the dashboard polls it for its live graph.</summary>
    Task<JobStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>The queues holding enqueued jobs, with how many each holds, by name (ordinal).</summary>
    Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// How many jobs entered Succeeded and Failed in each UTC hour of the range, oldest first, every hour present (zero
    /// when nothing happened). Stores keep at least the last 31 days and may drop older hours when expired jobs go.
    /// </summary>
    Task<IReadOnlyList<HourlyCounts>> GetHourlyCountsAsync(HourlyCountsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Failed jobs grouped by the type of their last exception, largest group first, then by type name.</summary>
    Task<IReadOnlyList<FailureGroup>> GetFailureGroupsAsync(CancellationToken cancellationToken = default);

    /// <summary>A page of jobs in one state, newest first, optionally filtered (queue, search text, exception type).</summary>
    Task<IReadOnlyList<JobInfo>> GetJobsAsync(JobListRequest request, CancellationToken cancellationToken = default);

    /// <summary>The registered servers, by name.</summary>
    Task<IReadOnlyList<ServerInfo>> GetServersAsync(CancellationToken cancellationToken = default);

    /// <summary>One recurring job, or null.</summary>
    Task<RecurringJobRecord?> GetRecurringJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>All recurring jobs, by id.</summary>
    Task<IReadOnlyList<RecurringJobRecord>> GetRecurringJobsAsync(CancellationToken cancellationToken = default);

    /// <summary>The continuations waiting for, or released by, a job or a batch: ids, oldest first.</summary>
    Task<IReadOnlyList<string>> GetContinuationIdsAsync(string parentId, CancellationToken cancellationToken = default);

    /// <summary>The paused queues (see <see cref="IJobStore.SetQueuePausedAsync"/>), by name, whether or not they hold jobs.</summary>
    Task<IReadOnlyList<string>> GetPausedQueuesAsync(CancellationToken cancellationToken = default);

    /// <summary>One batch with its counts, or null.</summary>
    Task<BatchInfo?> GetBatchAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>Batches, newest first: top-level ones, or those nested in <see cref="BatchListRequest.ParentBatchId"/>.</summary>
    Task<IReadOnlyList<BatchInfo>> GetBatchesAsync(BatchListRequest request, CancellationToken cancellationToken = default);

    /// <summary>A batch's own jobs, newest first (a page of them), each with its <see cref="JobInfo.Result"/>; empty for an unknown batch.</summary>
    Task<IReadOnlyList<JobInfo>> GetBatchJobsAsync(BatchJobsRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The concurrency keys that have a limit set at run time or a job Processing, ordered by key, with their holders
    /// and the number of Enqueued jobs waiting for them.
    /// </summary>
    Task<IReadOnlyList<ConcurrencyKeyInfo>> GetConcurrencyKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The rate limit keys whose count is in force (a state that counts as none is left out), ordered by key (ordinal)
    /// then algorithm, the first <see cref="RateLimitListRequest.Count"/> of them, each described by
    /// <see cref="RateLimitRules.Describe"/> at the store's time.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is out of range.</exception>
    Task<IReadOnlyList<RateLimitInfo>> GetRateLimitsAsync(RateLimitListRequest request, CancellationToken cancellationToken = default);
}
