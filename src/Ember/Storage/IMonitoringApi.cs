using Ember.Storage.Monitoring;

namespace Ember.Storage;

/// <summary>
/// Hangfire's monitoring API (<c>JobStorage.Current.GetMonitoringApi()</c>) over Ember's read side,
/// <see cref="IJobQueries"/>, which the dashboard uses. Synchronous, as Hangfire's; new code can call
/// <see cref="IJobClientStore.Queries"/> directly, async and with filters. Lists are newest first.
/// </summary>
public interface IMonitoringApi
{
    /// <summary>The queues holding enqueued jobs, with their length and newest jobs.</summary>
    IList<QueueWithTopEnqueuedJobsDto> Queues();

    /// <summary>
    /// Pauses a queue: from when this returns, no server fetches from it; its jobs stay Enqueued. A queue may be paused
    /// before it has any job. Returns false when it already was paused.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid queue name.</exception>
    bool PauseQueue(string queue);

    /// <summary>Resumes a paused queue; the servers that serve it take its jobs at once. Returns false when it wasn't paused.</summary>
    /// <exception cref="ArgumentException">The name is not a valid queue name.</exception>
    bool ResumeQueue(string queue);

    /// <summary>The paused queues, by name.</summary>
    IList<string> PausedQueues();

    /// <summary>
    /// Sets the limit of a concurrency key at run time: it overrides the limit the key's jobs carry, on every server,
    /// from when this returns. Null removes it (each job's own limit applies again).
    /// </summary>
    /// <exception cref="ArgumentException">The key is empty or too long, or the limit is below 1.</exception>
    void SetConcurrencyLimit(string key, int? limit);

    /// <summary>The concurrency keys with a run going on or a limit set, with their holders, by key.</summary>
    IList<ConcurrencyKeyInfo> ConcurrencyKeys();

    /// <summary>The rate limit keys whose count is in force, by key, with their counts and next free times (the first 500).</summary>
    IList<RateLimitInfo> RateLimits();

    /// <summary>The registered servers.</summary>
    IList<ServerDto> Servers();

    /// <summary>One job with its history, or null when there is no such job.</summary>
    JobDetailsDto? JobDetails(string jobId);

    /// <summary>The overview counts.</summary>
    StatisticsDto GetStatistics();

    /// <summary>A page of the jobs enqueued on <paramref name="queue"/>.</summary>
    JobList<EnqueuedJobDto> EnqueuedJobs(string queue, int from, int perPage);

    /// <summary>Always empty: Ember has no fetched jobs apart from Processing ones.</summary>
    JobList<FetchedJobDto> FetchedJobs(string queue, int from, int perPage);

    /// <summary>A page of the running jobs.</summary>
    JobList<ProcessingJobDto> ProcessingJobs(int from, int count);

    /// <summary>A page of the scheduled jobs (retries included).</summary>
    JobList<ScheduledJobDto> ScheduledJobs(int from, int count);

    /// <summary>A page of the succeeded jobs.</summary>
    JobList<SucceededJobDto> SucceededJobs(int from, int count);

    /// <summary>A page of the failed jobs.</summary>
    JobList<FailedJobDto> FailedJobs(int from, int count);

    /// <summary>A page of the deleted jobs.</summary>
    JobList<DeletedJobDto> DeletedJobs(int from, int count);

    /// <summary>A page of the continuations waiting for their parent.</summary>
    JobList<AwaitingJobDto> AwaitingJobs(int from, int count);

    /// <summary>How many jobs are Scheduled.</summary>
    long ScheduledCount();

    /// <summary>How many jobs are enqueued on <paramref name="queue"/>.</summary>
    long EnqueuedCount(string queue);

    /// <summary>Always 0: see <see cref="FetchedJobs"/>.</summary>
    long FetchedCount(string queue);

    /// <summary>How many jobs are Failed.</summary>
    long FailedCount();

    /// <summary>How many jobs are Processing.</summary>
    long ProcessingCount();

    /// <summary>How many jobs are Succeeded (not yet expired).</summary>
    long SucceededListCount();

    /// <summary>How many jobs are Deleted (not yet expired).</summary>
    long DeletedListCount();

    /// <summary>How many continuations are Awaiting.</summary>
    long AwaitingCount();

    /// <summary>Successes per UTC day over the last 7 days, oldest first.</summary>
    IDictionary<DateTime, long> SucceededByDatesCount();

    /// <summary>Failures per UTC day over the last 7 days, oldest first.</summary>
    IDictionary<DateTime, long> FailedByDatesCount();

    /// <summary>Successes per UTC hour over the last 24 hours, oldest first.</summary>
    IDictionary<DateTime, long> HourlySucceededJobs();

    /// <summary>Failures per UTC hour over the last 24 hours, oldest first.</summary>
    IDictionary<DateTime, long> HourlyFailedJobs();

    /// <summary>Every recurring job, by id: Hangfire's <c>connection.GetRecurringJobs()</c>.</summary>
    IList<RecurringJobDto> GetRecurringJobs();
}
