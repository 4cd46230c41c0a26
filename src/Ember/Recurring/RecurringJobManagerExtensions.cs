namespace Ember;

/// <summary>
/// The everyday recurring-job methods, with Hangfire's names and shapes (<c>AddOrUpdate</c> with or without a queue,
/// the cron as a string or a <c>Func&lt;string&gt;</c> such as <c>Cron.Daily</c>, each with an async twin) generated in
/// RecurringJobManagerExtensions.Generated.cs from scripts/generate-overloads.py. Each sync method waits for its async twin.
/// </summary>
public static partial class RecurringJobManagerExtensions
{
    /// <summary>Adds or updates a recurring job that runs <paramref name="job"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate(this IRecurringJobManager manager, string recurringJobId, Job job, string cronExpression, RecurringJobOptions? options = null) =>
        AddOrUpdateCoreAsync(manager, recurringJobId, job, cronExpression, options, null, default).GetAwaiter().GetResult();

    /// <summary>Runs a recurring job now; returns the new job's id, or null when there is no such recurring job. See <see cref="IRecurringJobManager.TriggerAsync"/>.</summary>
    public static string? TriggerJob(this IRecurringJobManager manager, string recurringJobId) =>
        Checked(manager).TriggerAsync(recurringJobId).GetAwaiter().GetResult();

    /// <summary>The same as <see cref="TriggerJob"/> (Hangfire's older name).</summary>
    public static string? Trigger(this IRecurringJobManager manager, string recurringJobId) =>
        Checked(manager).TriggerAsync(recurringJobId).GetAwaiter().GetResult();

    /// <summary>Removes a recurring job; see <see cref="IRecurringJobManager.RemoveIfExistsAsync"/>.</summary>
    public static bool RemoveIfExists(this IRecurringJobManager manager, string recurringJobId) =>
        Checked(manager).RemoveIfExistsAsync(recurringJobId).GetAwaiter().GetResult();

    /// <summary>Pauses a recurring job; see <see cref="IRecurringJobManager.PauseAsync"/>.</summary>
    public static bool Pause(this IRecurringJobManager manager, string recurringJobId) =>
        Checked(manager).PauseAsync(recurringJobId).GetAwaiter().GetResult();

    /// <summary>Resumes a paused recurring job; see <see cref="IRecurringJobManager.ResumeAsync"/>.</summary>
    public static bool Resume(this IRecurringJobManager manager, string recurringJobId) =>
        Checked(manager).ResumeAsync(recurringJobId).GetAwaiter().GetResult();

    private static Task AddOrUpdateCoreAsync(IRecurringJobManager manager, string recurringJobId, Job job, string cronExpression, RecurringJobOptions? options, string? queue, CancellationToken cancellationToken)
    {
#pragma warning disable CS0618 // Hangfire's obsolete RecurringJobOptions.QueueName still counts when no queue is passed.
        queue ??= options?.QueueName;
#pragma warning restore CS0618
        return Checked(manager).AddOrUpdateAsync(recurringJobId, job, cronExpression, options, queue, cancellationToken);
    }

    private static string CronOf(Func<string> cronExpression)
    {
        ArgumentNullException.ThrowIfNull(cronExpression);
        return cronExpression() ?? throw new ArgumentException("The cron expression function returned null; return a cron expression such as Cron.Daily() or \"*/5 * * * *\".", nameof(cronExpression));
    }

    private static RecurringJobOptions OptionsIn(TimeZoneInfo timeZone) => new() { TimeZone = timeZone ?? TimeZoneInfo.Utc };

    private static IRecurringJobManager Checked(IRecurringJobManager manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return manager;
    }
}
