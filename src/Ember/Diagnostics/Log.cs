using Microsoft.Extensions.Logging;

namespace Ember;

// Every log line Ember writes, in one place, as [LoggerMessage] so that disabled levels cost nothing.
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Job {JobId} {State} on queue {Queue}: {Job}")]
    public static partial void JobCreated(ILogger logger, string jobId, string job, JobState state, string queue);

    [LoggerMessage(2, LogLevel.Debug, "Job {JobId} {State}: {Reason}")]
    public static partial void JobStateChanged(ILogger logger, string jobId, JobState state, string? reason);

    [LoggerMessage(33, LogLevel.Debug, "{Count} jobs {State}: {Reason}")]
    public static partial void JobsStateChanged(ILogger logger, int count, JobState state, string? reason);

    [LoggerMessage(3, LogLevel.Debug, "Job {JobId} Processing on {ServerName} (attempt {Attempt}): {Job}")]
    public static partial void JobStarted(ILogger logger, string jobId, string serverName, int attempt, string job);

    [LoggerMessage(4, LogLevel.Debug, "Job {JobId} Succeeded in {DurationMs} ms")]
    public static partial void JobSucceeded(ILogger logger, string jobId, long durationMs);

    [LoggerMessage(5, LogLevel.Warning, "Job {JobId} {State} after {DurationMs} ms: {Reason}")]
    public static partial void JobFailed(ILogger logger, string jobId, JobState state, long durationMs, string? reason, Exception? exception);

    [LoggerMessage(8, LogLevel.Information, "Job {JobId} failed after {DurationMs} ms; {Reason}")]
    public static partial void JobWillRetry(ILogger logger, string jobId, long durationMs, string? reason);

    [LoggerMessage(6, LogLevel.Information, "Job {JobId} handed back to its queue: server {ServerName} is shutting down")]
    public static partial void JobHandedBack(ILogger logger, string jobId, string serverName);

    [LoggerMessage(7, LogLevel.Information, "Job {JobId} cancelled: it was deleted, requeued or rescued elsewhere while running")]
    public static partial void JobLeaseLost(ILogger logger, string jobId);

    [LoggerMessage(10, LogLevel.Information, "Ember server {ServerName} started: {WorkerCount} workers on queues {Queues}")]
    public static partial void ServerStarted(ILogger logger, string serverName, int workerCount, string queues);

    [LoggerMessage(11, LogLevel.Information, "Ember server {ServerName} stopping: waiting up to {Timeout} for {Running} running jobs")]
    public static partial void ServerStopping(ILogger logger, string serverName, TimeSpan timeout, int running);

    [LoggerMessage(12, LogLevel.Warning, "Ember server {ServerName}: {Running} jobs still running after the shutdown timeout; cancelling them")]
    public static partial void ServerCancellingJobs(ILogger logger, string serverName, int running);

    [LoggerMessage(13, LogLevel.Information, "Ember server {ServerName} stopped")]
    public static partial void ServerStopped(ILogger logger, string serverName);

    [LoggerMessage(20, LogLevel.Error, "Ember server {ServerName}: {Process} failed; retrying in {Delay}")]
    public static partial void ProcessFailed(ILogger logger, string serverName, string process, TimeSpan delay, Exception exception);

    [LoggerMessage(21, LogLevel.Information, "Ember server {ServerName}: {Process} recovered")]
    public static partial void ProcessRecovered(ILogger logger, string serverName, string process);

    [LoggerMessage(22, LogLevel.Information, "Rescued {Count} jobs whose server stopped extending their lease")]
    public static partial void JobsRescued(ILogger logger, int count);

    [LoggerMessage(23, LogLevel.Debug, "Enqueued {Count} scheduled jobs that became due")]
    public static partial void ScheduledJobsEnqueued(ILogger logger, int count);

    [LoggerMessage(24, LogLevel.Debug, "Pruned {Count} expired jobs")]
    public static partial void JobsPruned(ILogger logger, int count);

    [LoggerMessage(26, LogLevel.Debug, "Recurring job {RecurringJobId} fired: {Created} jobs for {Occurrences} occurrences; next at {Next}")]
    public static partial void RecurringJobFired(ILogger logger, string recurringJobId, int created, int occurrences, DateTimeOffset? next);

    [LoggerMessage(27, LogLevel.Error, "Recurring job {RecurringJobId} disabled: {Error}")]
    public static partial void RecurringJobDisabled(ILogger logger, string recurringJobId, string error);

    [LoggerMessage(28, LogLevel.Error, "An apply-state filter failed for job {JobId}; the job's state stays as stored")]
    public static partial void ApplyStateFilterFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(29, LogLevel.Warning, "Job {JobId} cancelled: server {ServerName} could not renew its lease in time, so another server may run it")]
    public static partial void LeaseLapsed(ILogger logger, string jobId, string serverName);

    [LoggerMessage(30, LogLevel.Error, "The outcome {State} of job {JobId} could not be stored even alone; dropped. The job's lease will lapse and it will run again")]
    public static partial void CompletionDropped(ILogger logger, string jobId, JobState state, Exception exception);

    [LoggerMessage(25, LogLevel.Warning, "{Count} job outcome(s) were not applied: the jobs were deleted, requeued or rescued while they ran")]
    public static partial void CompletionsFenced(ILogger logger, int count);

    [LoggerMessage(31, LogLevel.Information, "{Count} job outcome(s) had already been written: a write retried after a lost connection had landed the first time")]
    public static partial void CompletionsAlreadyWritten(ILogger logger, int count);

    [LoggerMessage(32, LogLevel.Warning, "What job {JobId} reported (parameters, progress or log lines) could not be saved; the job goes on")]
    public static partial void JobReportNotSaved(ILogger logger, string jobId, Exception exception);
}
