namespace Ember.Storage;

/// <summary>The read side of a store: what the dashboard and tests look at. Never changes anything.</summary>
public interface IJobQueries
{
    /// <summary>One job with its whole state history (oldest first), or null when no such job exists.</summary>
    Task<JobDetails?> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>How many jobs are in each state (every state present, zero when empty).</summary>
    Task<IReadOnlyDictionary<JobState, long>> GetStateCountsAsync(CancellationToken cancellationToken = default);

    /// <summary>A page of jobs in one state, newest first, optionally of one queue.</summary>
    Task<IReadOnlyList<JobInfo>> GetJobsAsync(JobListRequest request, CancellationToken cancellationToken = default);

    /// <summary>The registered servers, by name.</summary>
    Task<IReadOnlyList<ServerInfo>> GetServersAsync(CancellationToken cancellationToken = default);

    /// <summary>One recurring job, or null.</summary>
    Task<RecurringJobRecord?> GetRecurringJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>All recurring jobs, by id.</summary>
    Task<IReadOnlyList<RecurringJobRecord>> GetRecurringJobsAsync(CancellationToken cancellationToken = default);

    /// <summary>The continuations waiting for, or released by, a job: ids, oldest first.</summary>
    Task<IReadOnlyList<string>> GetContinuationIdsAsync(string parentId, CancellationToken cancellationToken = default);
}
