namespace Ember.Storage;

/// <summary>
/// A transition to apply: the new state and the data that goes with it. The store writes it as given and appends a
/// history entry; the core decides what it contains (see <see cref="JobStateTransitions"/>).
/// </summary>
public sealed record StateChange
{
    /// <summary>The new state.</summary>
    public required JobState State { get; init; }

    /// <summary>Why, for the history (e.g. "Retry 2 of 10 in 38 s", "Deleted by user").</summary>
    public string? Reason { get; init; }

    /// <summary>For Scheduled: when the job becomes due.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>When the job may be deleted from the store (final states); null keeps it forever.</summary>
    public DateTimeOffset? ExpireAt { get; init; }

    /// <summary>
    /// The exception of the failed run that led here, if any. Stored on the job (replacing the previous one) and in
    /// the history entry; when null, the job keeps its last error.
    /// </summary>
    public JobError? Error { get; init; }

    /// <summary>The server that made the change, if any, for the history.</summary>
    public string? ServerId { get; init; }

    /// <summary>How long the run took, for the history of a run's outcome.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// When this change finishes the job (Succeeded, Failed, Deleted) and so deletes some of its continuations: when
    /// those may be pruned. The core always sets it on such changes.
    /// </summary>
    public DateTimeOffset? ContinuationsExpireAt { get; init; }
}
