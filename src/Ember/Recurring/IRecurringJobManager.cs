namespace Ember;

/// <summary>
/// Adds, triggers and removes recurring jobs. The expression-based <c>AddOrUpdate</c> methods are extension methods in
/// <see cref="RecurringJobManagerExtensions"/>, as in Hangfire.
/// </summary>
public interface IRecurringJobManager
{
    /// <summary>
    /// Adds a recurring job, or updates the one with this id. When only the job or queue changed, a pending
    /// occurrence keeps its time; a new cron expression starts from its next occurrence after now.
    /// </summary>
    /// <exception cref="ArgumentException">The id, cron expression, queue or an argument is invalid; the message names it. Nothing is stored.</exception>
    Task AddOrUpdateAsync(string recurringJobId, Job job, string cronExpression, RecurringJobOptions? options = null, string? queue = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a recurring job now, outside its schedule (which is unchanged). Returns the new job's id, or null when there is no such recurring job.</summary>
    Task<string?> TriggerAsync(string recurringJobId, CancellationToken cancellationToken = default);

    /// <summary>Removes a recurring job if it exists; jobs it already created are not touched. Returns whether it existed.</summary>
    Task<bool> RemoveIfExistsAsync(string recurringJobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pauses a recurring job: it fires nothing until resumed (a manual trigger still runs it). The pause is stored,
    /// seen by every server, and kept by <c>AddOrUpdate</c>. Returns false when there is no such recurring job.
    /// </summary>
    Task<bool> PauseAsync(string recurringJobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resumes a paused recurring job. The occurrences it missed while paused follow its
    /// <see cref="RecurringJobOptions.MisfireHandling"/>, as after downtime. Returns false when there is no such recurring job.
    /// </summary>
    Task<bool> ResumeAsync(string recurringJobId, CancellationToken cancellationToken = default);
}
