using Ember.Sqlite.Sql;
using Ember.Storage;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

/// <summary>
/// Applies a <see cref="StateChange"/> to one job and records it, the way the in-memory store's Apply does: a change
/// that finishes the job releases its continuations in the same transaction (<see cref="ContinuationRules"/>).
/// </summary>
/// <remarks>
/// Every method adds to <c>enqueued</c> the queue of each job it moved to Enqueued, so the store can notify after the
/// commit, and reports each move to the session's counters.
/// </remarks>
internal static class JobTransitions
{
    private static readonly string AwaitingName = StoredValues.Name(JobState.Awaiting);

    /// <summary>Applies a run's outcome if the run still holds the lease. Returns the job's queue, or null when fenced out.</summary>
    public static string? ApplyIfLeased(WriteSession session, long jobId, string leaseToken, StateChange change, long now, List<string> enqueued) =>
        Apply(session, session.Command(JobSql.ApplyIfLeased).Bind("$lease_token", leaseToken), jobId, JobState.Processing, change, now, enqueued);

    /// <summary>Applies a change if the job is in <paramref name="expected"/>. One state, not a set: the counters must know which it leaves.</summary>
    public static string? ApplyIfInState(WriteSession session, long jobId, JobState expected, StateChange change, long now, List<string> enqueued) =>
        Apply(session, session.Command(JobSql.ApplyIfInState).Bind("$expected", StoredValues.Name(expected)), jobId, expected, change, now, enqueued);

    public static void AddHistory(WriteSession session, long jobId, JobState state, HistoryKind kind, long now, string? reason, string? serverId, JobError? error = null, TimeSpan? duration = null) =>
        session.Command(JobSql.InsertHistory)
            .Bind("$job_id", jobId)
            .Bind("$state", StoredValues.Name(state))
            .Bind("$kind", (short)kind)
            .Bind("$at", now)
            .Bind("$reason", reason)
            .Bind("$server_id", serverId)
            .Bind("$error_type", error?.Type)
            .Bind("$error_message", error?.Message)
            .Bind("$error_details", error?.Details)
            .Bind("$duration_ms", SqliteValues.ToDb(duration))
            .ExecuteNonQuery();

    /// <summary>
    /// Releases a new continuation to <paramref name="state"/> because of a parent that had already finished in
    /// <paramref name="parentState"/> (see JobCreation), and, when that deletes it, its own continuations down the chain.
    /// </summary>
    public static void Release(WriteSession session, long continuationId, JobState parentState, JobState state,
        DateTimeOffset? expireAtIfDeleted, long now, List<string> enqueued)
    {
        var pending = new Stack<Continuation>();
        pending.Push(new Continuation(continuationId, parentState, state));
        ReleaseAll(session, pending, expireAtIfDeleted, now, enqueued);
    }

    private static string? Apply(WriteSession session, SqliteCommand command, long jobId, JobState from, StateChange change, long now, List<string> enqueued)
    {
        var pending = new Stack<Continuation>();
        if (Write(session, command, jobId, from, change, now, pending, enqueued) is not { } queue) return null;
        if (change.State == JobState.Enqueued) enqueued.Add(queue);
        if (ContinuationRules.Finishes(change.State)) CountDown(session, jobId, change.State, pending);
        if (pending.Count > 0) ReleaseAll(session, pending, change.ContinuationsExpireAt, now, enqueued);
        return queue;
    }

    // Iterative, not recursive: a chain of any length deleted at once costs no stack. Every continuation released
    // here gets the same expiry, as the in-memory store passes the finishing change's down the chain.
    internal static void ReleaseAll(WriteSession session, Stack<Continuation> pending, DateTimeOffset? expireAtIfDeleted, long now, List<string> enqueued)
    {
        var awaiting = session.Command(JobSql.ApplyIfInState);
        while (pending.TryPop(out var release))
        {
            var change = StateChange.Released(release.ParentState, release.State, expireAtIfDeleted);
            if (Write(session, awaiting.Bind("$expected", AwaitingName), release.Id, JobState.Awaiting, change, now, pending) is not { } queue) continue;
            if (release.State == JobState.Enqueued) enqueued.Add(queue);
            if (ContinuationRules.Finishes(release.State)) CountDown(session, release.Id, release.State, pending);
        }
    }

    // A parent's first finish counts once for each continuation (ContinuationRules): its links stop waiting, and each
    // continuation still Awaiting counts one parent down, then is pushed if that releases it. Read whole before any is
    // released: a statement's reader must be closed before the next write.
    internal static void CountDown(WriteSession session, long parentId, JobState parentState, Stack<Continuation> pending)
    {
        List<long>? children = null;
        using (var reader = session.Command(JobSql.CountParentFinished).Bind("$parent_id", parentId).ExecuteReader())
        {
            while (reader.Read()) (children ??= []).Add(reader.GetInt64(0));
        }
        if (children is null) return;
        children.Sort();
        var released = new List<Continuation>();
        foreach (var child in children)
        {
            using var reader = session.Command(JobSql.CountDown).Bind("$id", child).ExecuteReader();
            if (!reader.Read()) continue; // no longer Awaiting: deleted by someone, or released by another parent
            var options = StoredValues.ParseEnum<JobContinuationOptions>(reader.GetString(1), "jobs.continuation_options");
            if (ContinuationRules.ReleaseAfter(parentState, options, reader.GetInt32(0)) is { } state) released.Add(new Continuation(child, parentState, state));
        }
        // Pushed newest first, so the oldest is released first.
        for (var i = released.Count - 1; i >= 0; i--) pending.Push(released[i]);
    }

    // The change itself, its history entry, its counters and its batch's (which may finish the batch, and push the
    // continuations that releases); nothing about the job's own continuations.
    // A run of a keyed job that ends frees a slot of its key: its queue goes into `wake`, for the jobs waiting for it,
    // and the oldest job parked by the key in each queue goes back to the fetch (Unpark), its queue into `wake` too.
    private static string? Write(WriteSession session, SqliteCommand command, long jobId, JobState from, StateChange change, long now, Stack<Continuation> pending, List<string>? wake = null)
    {
        var error = change.Error;
        using var reader = command
            .Bind("$id", jobId)
            .Bind("$state", StoredValues.Name(change.State))
            .Bind("$now", now)
            .Bind("$scheduled_at", change.State == JobState.Scheduled ? SqliteValues.ToDb(change.ScheduledAt) : null)
            .Bind("$expire_at", SqliteValues.ToDb(change.ExpireAt))
            .Bind("$has_error", error is not null)
            .Bind("$error_type", error?.Type)
            .Bind("$error_message", error?.Message)
            .Bind("$error_details", error?.Details)
            .Bind("$server_id", change.State == JobState.Processing ? change.ServerId : null)
            .Bind("$result", change.Result)
            .ExecuteReader();
        if (!reader.Read()) return null;
        var queue = reader.GetString(0);
        long? batchId = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        var freedKey = from == JobState.Processing && change.State != JobState.Processing && !reader.IsDBNull(2) ? reader.GetString(2) : null;
        reader.Close();
        if (freedKey is not null)
        {
            wake?.Add(queue);
            Unpark(session, ConcurrencySql.UnparkOldest, freedKey, wake);
        }
        AddHistory(session, jobId, change.State, change.Kind, now, change.Reason, change.ServerId, error, change.Duration);
        session.Counters.Moved(from, change.State, now, queue);
        if (batchId is { } batch && from != change.State) BatchTransitions.Count(session, batch, from, change.State, now, pending);
        return queue;
    }

    /// <summary>Puts back jobs parked by <paramref name="key"/> (<paramref name="sql"/> says which); their queues go into <paramref name="wake"/>.</summary>
    public static void Unpark(WriteSession session, string sql, string key, List<string>? wake)
    {
        using var reader = session.Command(sql).Bind("$key", key).ExecuteReader();
        while (reader.Read()) wake?.Add(reader.GetString(0));
    }

    internal readonly record struct Continuation(long Id, JobState ParentState, JobState State);
}
