using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

// Paused queues and paused recurring jobs.
public sealed partial class SqliteJobStore
{
    /// <inheritdoc />
    public async Task<bool> SetQueuePausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Name, nameof(request));
        var (changed, wake) = await _database.WriteAsync((request, Now: SqliteValues.ToMs(_time.GetUtcNow())), static (session, s) =>
        {
            var changed = session.Command(s.request.Paused ? PauseSql.PauseQueue : PauseSql.ResumeQueue)
                .Bind("$queue", s.request.Name).Bind("$now", s.Now).ExecuteNonQuery() == 1;
            var wake = changed && !s.request.Paused && (long)session.Command(PauseSql.AnyEnqueued).Bind("$queue", s.request.Name).ExecuteScalar()! == 1;
            return (changed, wake);
        }, cancellationToken).ConfigureAwait(false);
        // Resumed: servers waiting for this queue hear of its jobs again.
        if (wake) NotifyEnqueued([request.Name]);
        return changed;
    }

    /// <inheritdoc />
    public Task<bool> SetRecurringJobPausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _database.WriteAsync(request, static (session, r) =>
            session.Command(PauseSql.SetRecurringPaused).Bind("$id", r.Name).Bind("$paused", r.Paused ? 1 : 0).ExecuteNonQuery() == 1, cancellationToken);
    }

    // The paused queues, read in the fetch's write transaction: a pause committed before it is always seen. Null for
    // none, the common case, so that a fetch allocates nothing for it.
    private static HashSet<string>? PausedQueues(WriteSession session)
    {
        using var reader = session.Command(PauseSql.SelectPausedQueues).ExecuteReader();
        HashSet<string>? paused = null;
        while (reader.Read()) (paused ??= new(StringComparer.Ordinal)).Add(reader.GetString(0));
        return paused;
    }
}
