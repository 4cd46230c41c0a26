using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

/// <summary>
/// Keeps batches' counts on the write path (BatchRules): each move of a member changes its batch's row once, and the
/// move that finishes the last member finishes the batch in the same transaction, which counts the batch down in its
/// continuations (pushed for <see cref="JobTransitions"/> to release) and in its parent batch.
/// </summary>
internal static class BatchTransitions
{
    /// <summary>A member of <paramref name="batchId"/> moved from <paramref name="from"/> (null: a nested batch) to <paramref name="to"/>.</summary>
    public static void Count(WriteSession session, long batchId, JobState? from, JobState to, long now, Stack<JobTransitions.Continuation> pending)
    {
        while (true)
        {
            var (succeeded, failed, deleted) = (BatchRules.Delta(from, to, JobState.Succeeded), BatchRules.Delta(from, to, JobState.Failed), BatchRules.Delta(from, to, JobState.Deleted));
            if (succeeded == 0 && failed == 0 && deleted == 0) return;
            var command = session.Command(BatchSql.Count).Bind("$id", batchId).Bind("$succeeded", succeeded).Bind("$failed", failed).Bind("$deleted", deleted);
            if (FinishIfDone(session, command, batchId, now, pending) is not { } finished) return;
            // A nested batch that finished is one finished member of its parent.
            (batchId, from, to) = (finished.ParentBatchId ?? 0, null, finished.Outcome);
            if (finished.ParentBatchId is null) return;
        }
    }

    /// <summary>Finishes a batch created or attached to without members, if it has none left to wait for.</summary>
    public static void FinishIfEmpty(WriteSession session, long batchId, long now, Stack<JobTransitions.Continuation> pending)
    {
        if (FinishIfDone(session, session.Command(BatchSql.SelectForFinish).Bind("$id", batchId), batchId, now, pending) is { ParentBatchId: { } parent } finished)
            Count(session, parent, null, finished.Outcome, now, pending);
    }

    // Runs a statement that returns the batch's counts, and finishes the batch when every member has.
    private static (long? ParentBatchId, JobState Outcome)? FinishIfDone(WriteSession session, Microsoft.Data.Sqlite.SqliteCommand command, long batchId, long now, Stack<JobTransitions.Continuation> pending)
    {
        BatchState state;
        long? parent;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read()) return null;
            var (total, succeeded, failed, deleted) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            if (reader.GetString(0) != nameof(BatchState.Started) || succeeded + failed + deleted < total) return null;
            state = BatchRules.FinishedState(reader.GetBoolean(5), failed, deleted);
            parent = reader.IsDBNull(6) ? null : reader.GetInt64(6);
        }
        session.Command(BatchSql.Finish).Bind("$id", batchId).Bind("$state", StoredValues.Name(state)).Bind("$now", now).ExecuteNonQuery();
        var outcome = BatchRules.ParentStateOf(state)!.Value;
        JobTransitions.CountDown(session, batchId, outcome, pending);
        return (parent, outcome);
    }
}
