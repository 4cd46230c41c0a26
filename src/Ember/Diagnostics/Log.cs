using Microsoft.Extensions.Logging;

namespace Ember;

// Every log line Ember writes, in one place, as [LoggerMessage] so that disabled levels cost nothing.
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Job {JobId} {State} on queue {Queue}: {Job}")]
    public static partial void JobCreated(ILogger logger, string jobId, string job, JobState state, string queue);

    [LoggerMessage(60, LogLevel.Debug, "Job {JobId} already holds the unique key '{Key}'; no new {Job} created")]
    public static partial void UniqueJobExisted(ILogger logger, string jobId, string job, string key);

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

    [LoggerMessage(60, LogLevel.Information, "Ember server {ServerName} handed {Count} unstarted {Jobs} back to their queues")]
    private static partial void BufferedJobsHandedBack(ILogger logger, string serverName, int count, string jobs);

    public static void BufferedJobsHandedBack(ILogger logger, string serverName, int count) => BufferedJobsHandedBack(logger, serverName, count, LogText.Jobs(count));

    [LoggerMessage(61, LogLevel.Warning, "Ember server {ServerName} could not hand {Count} unstarted jobs back to their queues; they run elsewhere once their leases lapse")]
    public static partial void BufferedJobsNotHandedBack(ILogger logger, string serverName, int count, Exception exception);

    [LoggerMessage(69, LogLevel.Warning, "Ember server {ServerName} could not take or settle the rate permits of {Count} claimed jobs; each takes its own just before it starts")]
    public static partial void ClaimPermitsFailed(ILogger logger, string serverName, int count, Exception exception);

    [LoggerMessage(62, LogLevel.Warning, "Ember server {ServerName}: the start-up warm-up failed; the server runs, and its first job may wait for the JIT compiler")]
    public static partial void WarmupFailed(ILogger logger, string serverName, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Job {JobId} cancelled: it was deleted, requeued or rescued elsewhere while running")]
    public static partial void JobLeaseLost(ILogger logger, string jobId);

    [LoggerMessage(10, LogLevel.Information, "Ember server {ServerName} started: {WorkerCount} {Workers} on {QueuesWord} {Queues}")]
    private static partial void ServerStarted(ILogger logger, string serverName, int workerCount, string workers, string queuesWord, string queues);

    public static void ServerStarted(ILogger logger, string serverName, int workerCount, IReadOnlyCollection<string> queues) =>
        ServerStarted(logger, serverName, workerCount, LogText.Plural(workerCount, "worker", "workers"), LogText.Plural(queues.Count, "queue", "queues"), string.Join(", ", queues));

    [LoggerMessage(11, LogLevel.Information, "Ember server {ServerName} stopping: waiting up to {Timeout} for {Running} running {Jobs}")]
    private static partial void ServerStopping(ILogger logger, string serverName, TimeSpan timeout, int running, string jobs);

    public static void ServerStopping(ILogger logger, string serverName, TimeSpan timeout, int running) =>
        ServerStopping(logger, serverName, timeout, running, LogText.Jobs(running));

    [LoggerMessage(12, LogLevel.Warning, "Ember server {ServerName}: {Running} {Jobs} still running after the shutdown timeout; cancelling them")]
    private static partial void ServerCancellingJobs(ILogger logger, string serverName, int running, string jobs);

    public static void ServerCancellingJobs(ILogger logger, string serverName, int running) => ServerCancellingJobs(logger, serverName, running, LogText.Jobs(running));

    [LoggerMessage(13, LogLevel.Information, "Ember server {ServerName} stopped")]
    public static partial void ServerStopped(ILogger logger, string serverName);

    [LoggerMessage(20, LogLevel.Error, "Ember server {ServerName}: {Process} failed; retrying in {Delay}")]
    public static partial void ProcessFailed(ILogger logger, string serverName, string process, TimeSpan delay, Exception exception);

    [LoggerMessage(21, LogLevel.Information, "Ember server {ServerName}: {Process} recovered")]
    public static partial void ProcessRecovered(ILogger logger, string serverName, string process);

    [LoggerMessage(22, LogLevel.Information, "Rescued {Count} {Jobs} whose server stopped extending the lease")]
    private static partial void JobsRescued(ILogger logger, int count, string jobs);

    public static void JobsRescued(ILogger logger, int count) => JobsRescued(logger, count, LogText.Jobs(count));

    [LoggerMessage(23, LogLevel.Debug, "Enqueued {Count} scheduled {Jobs} that became due")]
    private static partial void ScheduledJobsEnqueued(ILogger logger, int count, string jobs);

    public static void ScheduledJobsEnqueued(ILogger logger, int count) => ScheduledJobsEnqueued(logger, count, LogText.Jobs(count));

    [LoggerMessage(24, LogLevel.Debug, "Pruned {Count} expired {Jobs}")]
    private static partial void JobsPruned(ILogger logger, int count, string jobs);

    public static void JobsPruned(ILogger logger, int count) => JobsPruned(logger, count, LogText.Jobs(count));

    [LoggerMessage(26, LogLevel.Debug, "Recurring job {RecurringJobId} fired: {Created} {Jobs} for {Occurrences} {OccurrencesWord}; next at {Next}")]
    private static partial void RecurringJobFired(ILogger logger, string recurringJobId, int created, string jobs, int occurrences, string occurrencesWord, string next);

    public static void RecurringJobFired(ILogger logger, string recurringJobId, int created, int occurrences, DateTimeOffset? next) =>
        RecurringJobFired(logger, recurringJobId, created, LogText.Jobs(created), occurrences, LogText.Plural(occurrences, "occurrence", "occurrences"), next is { } at ? LogText.Time(at) : "none");

    [LoggerMessage(27, LogLevel.Error, "Recurring job {RecurringJobId} disabled: {Error}")]
    public static partial void RecurringJobDisabled(ILogger logger, string recurringJobId, string error);

    [LoggerMessage(28, LogLevel.Error, "An apply-state filter failed for job {JobId}; the job's state stays as stored")]
    public static partial void ApplyStateFilterFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(29, LogLevel.Warning, "Job {JobId} cancelled: server {ServerName} could not renew its lease in time, so another server may run it")]
    public static partial void LeaseLapsed(ILogger logger, string jobId, string serverName);

    [LoggerMessage(30, LogLevel.Error, "The outcome {State} of job {JobId} could not be stored even alone; dropped. The job's lease will lapse and it will run again")]
    public static partial void CompletionDropped(ILogger logger, string jobId, JobState state, Exception exception);

    [LoggerMessage(25, LogLevel.Warning, "{Count} job {Outcomes} not applied: deleted, requeued or rescued while running")]
    private static partial void CompletionsFenced(ILogger logger, int count, string outcomes);

    public static void CompletionsFenced(ILogger logger, int count) => CompletionsFenced(logger, count, LogText.Plural(count, "outcome was", "outcomes were"));

    [LoggerMessage(31, LogLevel.Information, "{Count} job {Outcomes} already been written: a write retried after a lost connection had landed the first time")]
    private static partial void CompletionsAlreadyWritten(ILogger logger, int count, string outcomes);

    public static void CompletionsAlreadyWritten(ILogger logger, int count) => CompletionsAlreadyWritten(logger, count, LogText.Plural(count, "outcome had", "outcomes had"));

    [LoggerMessage(32, LogLevel.Warning, "What job {JobId} reported (parameters, progress or log lines) could not be saved; the job goes on")]
    public static partial void JobReportNotSaved(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(40, LogLevel.Warning, "Job {JobId} was enqueued with {Parameter} {Culture}, which this server doesn't know ({Message}); it runs in the server's culture. Install the culture's data (ICU) or turn EmberOptions.CaptureCulture off")]
    public static partial void JobCultureUnknown(ILogger logger, string jobId, string parameter, string culture, string message);

    [LoggerMessage(41, LogLevel.Warning, "The parameters of job {JobId} could not be read; it runs in the server's culture")]
    public static partial void JobCultureNotRead(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(42, LogLevel.Warning, "Recurring job {RecurringJobId} was not fired: a client or elect-state filter refused its job. It stays due and is tried again at the next poll")]
    public static partial void RecurringJobRefusedByFilter(ILogger logger, string recurringJobId, Exception exception);
}
