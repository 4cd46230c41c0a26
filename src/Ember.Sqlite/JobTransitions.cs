using Ember.Sqlite.Sql;
using Ember.Storage;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

/// <summary>Applies a <see cref="StateChange"/> to one job and records it, the way the in-memory store's Apply does.</summary>
internal static class JobTransitions
{
    /// <summary>Applies a run's outcome if the run still holds the lease. Returns the job's queue, or null when fenced out.</summary>
    public static string? ApplyIfLeased(WriteSession session, long jobId, string leaseToken, StateChange change, long now) =>
        Apply(session, session.Command(JobSql.ApplyIfLeased).Bind("$lease_token", leaseToken), jobId, change, now);

    /// <summary>Applies a change if the job is in one of <paramref name="expectedStates"/> (a SqliteValues.ToStateSet).</summary>
    public static string? ApplyIfInState(WriteSession session, long jobId, string expectedStates, StateChange change, long now) =>
        Apply(session, session.Command(JobSql.ApplyIfInState).Bind("$expected", expectedStates), jobId, change, now);

    public static void AddHistory(WriteSession session, long jobId, JobState state, long now, string? reason, string? serverId, JobError? error = null, TimeSpan? duration = null) =>
        session.Command(JobSql.InsertHistory)
            .Bind("$job_id", jobId)
            .Bind("$state", SqliteValues.ToText(state))
            .Bind("$at", now)
            .Bind("$reason", reason)
            .Bind("$server_id", serverId)
            .Bind("$error_type", error?.Type)
            .Bind("$error_message", error?.Message)
            .Bind("$error_details", error?.Details)
            .Bind("$duration_ms", SqliteValues.ToDb(duration))
            .ExecuteNonQuery();

    private static string? Apply(WriteSession session, SqliteCommand command, long jobId, StateChange change, long now)
    {
        var error = change.Error;
        var queue = (string?)command
            .Bind("$id", jobId)
            .Bind("$state", SqliteValues.ToText(change.State))
            .Bind("$now", now)
            .Bind("$scheduled_at", change.State == JobState.Scheduled ? SqliteValues.ToDb(change.ScheduledAt) : null)
            .Bind("$expire_at", SqliteValues.ToDb(change.ExpireAt))
            .Bind("$has_error", error is not null)
            .Bind("$error_type", error?.Type)
            .Bind("$error_message", error?.Message)
            .Bind("$error_details", error?.Details)
            .Bind("$server_id", change.State == JobState.Processing ? change.ServerId : null)
            .ExecuteScalar();
        if (queue is not null) AddHistory(session, jobId, change.State, now, change.Reason, change.ServerId, error, change.Duration);
        return queue;
    }
}
