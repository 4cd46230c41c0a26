namespace Ember.Testing;

/// <summary>
/// Optional conditions an assertion adds to the call it looks for; every condition set must hold. Conditions left
/// null are not checked.
/// </summary>
/// <example><code>jobs.AssertEnqueued&lt;Mailer&gt;(x =&gt; x.SendAsync(42), new() { Queue = "critical", State = JobState.Enqueued });</code></example>
public sealed record JobMatch
{
    /// <summary>The queue the job is on. Default null: any queue.</summary>
    public string? Queue { get; init; }

    /// <summary>
    /// The job's current state, e.g. <see cref="JobState.Enqueued"/> for "still waiting" or
    /// <see cref="JobState.Succeeded"/> after <c>RunPending</c>. Default null: any state.
    /// </summary>
    public JobState? State { get; init; }

    /// <summary>
    /// For a job created Scheduled: the time it was scheduled for, within <see cref="Tolerance"/>. Default null.
    /// </summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>
    /// For a job created Scheduled: how long after its creation it was scheduled for, within <see cref="Tolerance"/>
    /// (what <c>Schedule(..., TimeSpan)</c> was given). Default null.
    /// </summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>
    /// How far the scheduled time may be from <see cref="ScheduledAt"/> or <see cref="Delay"/>. Default 1 second,
    /// which absorbs the system clock moving between the enqueue and the store; use <see cref="TimeSpan.Zero"/> with a
    /// fake clock for exact times.
    /// </summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>For a continuation: when it runs relative to its parent's outcome. Default null: either.</summary>
    public JobContinuationOptions? ContinuationOptions { get; init; }
}
