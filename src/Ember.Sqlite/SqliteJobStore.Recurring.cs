using System.Runtime.ExceptionServices;
using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

// Recurring jobs: stored definitions whose occurrences are fired by compare-and-set on next_run_at, so that each fires
// once however many servers (and processes on the file) race for it.
public sealed partial class SqliteJobStore
{
    /// <inheritdoc />
    public Task UpsertRecurringJobAsync(RecurringJobRecord recurringJob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recurringJob);
        return _database.WriteAsync((recurringJob, Now: SqliteValues.ToMs(_time.GetUtcNow())), static (session, s) =>
            session.Command(RecurringSql.Upsert)
                .Bind("$id", s.recurringJob.Id)
                .Bind("$cron", s.recurringJob.Cron)
                .Bind("$time_zone_id", s.recurringJob.TimeZoneId)
                .Bind("$queue", s.recurringJob.Queue)
                .Bind("$invocation", s.recurringJob.Invocation)
                .Bind("$misfire", StoredValues.Name(s.recurringJob.Misfire))
                .Bind("$next_run_at", SqliteValues.ToDb(s.recurringJob.NextRunAt))
                .Bind("$last_run_at", SqliteValues.ToDb(s.recurringJob.LastRunAt))
                .Bind("$last_job_id", s.recurringJob.LastJobId)
                .Bind("$error", s.recurringJob.Error)
                .Bind("$now", s.Now)
                .ExecuteNonQuery(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveRecurringJobAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _database.WriteAsync(id, static (session, id) => session.Command(RecurringSql.Delete).Bind("$id", id).ExecuteNonQuery() > 0, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecurringJobRecord>> GetDueRecurringJobsAsync(DueRecurringJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // SQLite reads a negative LIMIT as "no limit"; the in-memory store's Take reads it as none.
        if (request.MaxCount <= 0) return Task.FromResult<IReadOnlyList<RecurringJobRecord>>([]);
        // A read: on a pooled read connection, beside the writer.
        return _database.ReadAsync((request.MaxCount, Now: SqliteValues.ToMs(_time.GetUtcNow())), static (connection, s) =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = RecurringSql.SelectDue;
            var due = RecurringRows.ReadAll(command.Bind("$now", s.Now).Bind("$limit", s.MaxCount));
            RecurringRows.SortByNextRun(due);
            return (IReadOnlyList<RecurringJobRecord>)due;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>?> FireRecurringJobAsync(FireRecurringJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = (request, Now: SqliteValues.ToMs(_time.GetUtcNow()), Limit: _maxInvocationBytes);
        var (ids, failure, enqueued) = await _database.WriteAsync(state, static (CreateJobsResult? Ids, Exception? Failure, List<string>? Enqueued) (session, s) =>
        {
            // The fence first, as the in-memory store: a lost race returns null even for jobs that would not store.
            // BEGIN IMMEDIATE holds the write lock from here to the commit, so no other process moves next_run_at
            // between this check and the update below.
            var expected = session.Command(RecurringSql.SelectIfNextRunAt)
                .Bind("$id", s.request.Id)
                .Bind("$expected", SqliteValues.ToDb(s.request.ExpectedNextRunAt))
                .ExecuteScalar();
            if (expected is null) return (null, null, null);
            var enqueued = new List<string>();
            var (ids, failure) = JobCreation.Create(session, s.request.Jobs, s.Now, enqueued, s.Limit);
            if (failure is not null) return (null, failure, null);
            session.Command(RecurringSql.Fire)
                .Bind("$id", s.request.Id)
                .Bind("$next_run_at", SqliteValues.ToDb(s.request.NextRunAt))
                .Bind("$run_at", SqliteValues.ToMs(s.request.RunAt))
                .Bind("$last_job_id", ids!.Count > 0 ? ids[^1] : null)
                .ExecuteNonQuery();
            return (ids, null, enqueued);
        }, cancellationToken).ConfigureAwait(false);
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
        if (enqueued is not null) NotifyEnqueued(enqueued);
        return ids;
    }

    /// <inheritdoc />
    public Task<bool> DisableRecurringJobAsync(DisableRecurringJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _database.WriteAsync(request, static (session, r) =>
            session.Command(RecurringSql.Disable)
                .Bind("$id", r.Id)
                .Bind("$expected", SqliteValues.ToDb(r.ExpectedNextRunAt))
                .Bind("$error", r.Error)
                .ExecuteNonQuery() > 0, cancellationToken);
    }
}
