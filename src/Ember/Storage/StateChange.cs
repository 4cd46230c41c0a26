namespace Ember.Storage;

/// <summary>
/// A transition to apply: the new state, why (<see cref="Kind"/>) and the data that goes with it. The store writes it
/// as given and appends a history entry; the core decides what it contains (see <see cref="JobStateTransitions"/>).
/// Build one with the factory of its transition (<see cref="Succeeded"/>, <see cref="Failed"/>, ...), which sets
/// everything that transition needs.
/// </summary>
public sealed record StateChange
{
    /// <summary>The new state.</summary>
    public required JobState State { get; init; }

    /// <summary>Why, as the typed reason the store writes in the history.</summary>
    public HistoryKind Kind { get; init; }

    /// <summary>Details for people beyond the kind (e.g. "Retry 2 of 10 in 38 s after ..."), if any.</summary>
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

    /// <summary>The server concerned, if any, for the history: the one that ran the job, or whose lease expired.</summary>
    public string? ServerId { get; init; }

    /// <summary>How long the run took, for the history of a run's outcome.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// When this change finishes the job (Succeeded, Failed, Deleted) and so deletes some of its continuations: when
    /// those may be pruned. The factories of finishing transitions set it.
    /// </summary>
    public DateTimeOffset? ContinuationsExpireAt { get; init; }

    /// <summary>For Succeeded: what the run returned, as JSON (kept as the job's <see cref="JobInfo.Result"/>); null for nothing.</summary>
    public string? Result { get; init; }

    /// <summary>A new job enters its first state (<see cref="NewJob.State"/>: Enqueued, Scheduled or Awaiting).</summary>
    public static StateChange Created(NewJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new() { State = job.State, Kind = HistoryKind.Created, Reason = job.Reason, ScheduledAt = job.ScheduledAt };
    }

    /// <summary>A server claimed the job and runs it.</summary>
    public static StateChange Processing(string serverId) =>
        new() { State = JobState.Processing, Kind = HistoryKind.Fetched, ServerId = serverId };

    /// <summary>The run succeeded; the job may be pruned after <paramref name="expireAt"/>.</summary>
    public static StateChange Succeeded(DateTimeOffset expireAt, string? result = null) =>
        new() { State = JobState.Succeeded, Kind = HistoryKind.Succeeded, ExpireAt = expireAt, ContinuationsExpireAt = expireAt, Result = result };

    /// <summary>The job runs later, at <paramref name="at"/>: a retry after <paramref name="error"/>, or a filter's choice.</summary>
    public static StateChange Scheduled(HistoryKind kind, DateTimeOffset at, string? reason, JobError? error = null) =>
        new() { State = JobState.Scheduled, Kind = kind, ScheduledAt = at, Reason = reason, Error = error };

    /// <summary>
    /// The job failed for good and stays Failed until someone acts; continuations that don't run then may be pruned
    /// after <paramref name="continuationsExpireAt"/>.
    /// </summary>
    public static StateChange Failed(HistoryKind kind, JobError error, string reason, DateTimeOffset continuationsExpireAt) =>
        new() { State = JobState.Failed, Kind = kind, Error = error, Reason = reason, ContinuationsExpireAt = continuationsExpireAt };

    /// <summary>The job is deleted (by a user, a filter, or a retry policy that deletes) and may be pruned after <paramref name="expireAt"/>.</summary>
    public static StateChange Deleted(HistoryKind kind, DateTimeOffset expireAt, string? reason = null, JobError? error = null) =>
        new() { State = JobState.Deleted, Kind = kind, ExpireAt = expireAt, ContinuationsExpireAt = expireAt, Reason = reason, Error = error };

    /// <summary>
    /// The job goes (back) to its queue: due, requeued by a user, handed back by <paramref name="serverId"/> at shutdown
    /// or rescued from it.
    /// </summary>
    public static StateChange Enqueued(HistoryKind kind, string? serverId = null, string? reason = null) =>
        new() { State = JobState.Enqueued, Kind = kind, ServerId = serverId, Reason = reason };

    /// <summary>
    /// A continuation whose parent finished in <paramref name="parentState"/> is released to <paramref name="released"/>
    /// (<see cref="ContinuationRules.Release"/>); when Deleted, it may be pruned after <paramref name="expireAtIfDeleted"/>.
    /// </summary>
    public static StateChange Released(JobState parentState, JobState released, DateTimeOffset? expireAtIfDeleted) => new()
    {
        State = released,
        Kind = ContinuationRules.KindOf(parentState),
        ExpireAt = released == JobState.Deleted ? expireAtIfDeleted : null,
        ContinuationsExpireAt = expireAtIfDeleted,
    };

    /// <summary>
    /// Completes a change chosen by a filter, which may lack what its state needs: a final state gets
    /// <paramref name="expireAt"/> as its expiry, a finishing one the same for its continuations.
    /// </summary>
    internal StateChange WithExpiryFilled(DateTimeOffset expireAt)
    {
        var change = this;
        if (JobStateTransitions.IsFinal(State) && ExpireAt is null) change = change with { ExpireAt = expireAt };
        if (ContinuationRules.Finishes(State) && ContinuationsExpireAt is null) change = change with { ContinuationsExpireAt = expireAt };
        return change;
    }
}
