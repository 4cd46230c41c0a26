using System.Text.Json;
using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

// Housekeeping that servers run on timers: due scheduled jobs, expired jobs, the server registry.
public sealed partial class SqliteJobStore
{
    // As long as the longest range a dashboard may ask for (31 days).
    private const long HourlyRetentionMs = HourlyCountsRequest.MaxHours * 3_600_000L;

    /// <inheritdoc />
    public async Task<int> EnqueueDueScheduledAsync(EnqueueDueScheduledRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxCount <= 0) return 0;
        var (count, enqueued) = await _database.WriteAsync((request.MaxCount, Now: SqliteValues.ToMs(_time.GetUtcNow())), static (session, s) =>
        {
            var due = new List<long>();
            using (var reader = session.Command(JobSql.SelectDueScheduled).Bind("$now", s.Now).Bind("$limit", s.MaxCount).ExecuteReader())
            {
                while (reader.Read()) due.Add(reader.GetInt64(0));
            }
            var change = StateChange.Enqueued(HistoryKind.Due);
            var enqueued = new List<string>(due.Count);
            var count = 0;
            foreach (var id in due)
            {
                if (JobTransitions.ApplyIfInState(session, id, JobState.Scheduled, change, s.Now, enqueued) is not null) count++;
            }
            return (count, enqueued);
        }, cancellationToken).ConfigureAwait(false);
        NotifyEnqueued(enqueued);
        return count;
    }

    /// <inheritdoc />
    public Task<int> DeleteExpiredJobsAsync(DeleteExpiredJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxCount <= 0) return Task.FromResult(0);
        return _database.WriteAsync((request.MaxCount, Now: SqliteValues.ToMs(_time.GetUtcNow())), static (session, s) =>
        {
            var deleted = new List<long>();
            var batches = new HashSet<long>();
            using (var reader = session.Command(JobSql.DeleteExpired).Bind("$now", s.Now).Bind("$limit", s.MaxCount).ExecuteReader())
            {
                while (reader.Read())
                {
                    session.Counters.Removed(StoredValues.ParseState(reader.GetString(0)), reader.GetString(1));
                    deleted.Add(reader.GetInt64(2));
                    if (!reader.IsDBNull(3)) batches.Add(reader.GetInt64(3));
                }
            }
            // Batches created without members have no job to go with: they go at their own expiry.
            using (var reader = session.Command(BatchSql.SelectExpiredEmpty).Bind("$now", s.Now).Bind("$limit", s.MaxCount).ExecuteReader())
            {
                while (reader.Read()) batches.Add(reader.GetInt64(0));
            }
            // The batches that lost their last job go with it, then their parents that lost their last nested batch.
            var pruned = 0;
            foreach (var batch in batches)
            {
                for (long? id = batch; id is { } current;)
                {
                    using var reader = session.Command(BatchSql.PruneIfEmpty).Bind("$id", current).ExecuteReader();
                    if (!reader.Read()) break;
                    deleted.Add(current);
                    pruned++;
                    id = reader.IsDBNull(0) ? null : reader.GetInt64(0);
                }
            }
            if (deleted.Count > 0) session.Command(JobSql.DeleteParentLinks).Bind("$ids", "[" + string.Join(',', deleted.Select(StoredValues.JobId)) + "]").ExecuteNonQuery();
            // The hours beyond the retention go with the expired jobs: a range of the primary key, a few rows at most.
            session.Command(CounterSql.DeleteHoursBefore).Bind("$cutoff", s.Now - HourlyRetentionMs).ExecuteNonQuery();
            DeleteExpiredRateLimits(session, s.Now);
            return deleted.Count - pruned;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task HeartbeatAsync(ServerHeartbeat heartbeat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        var queues = JsonSerializer.Serialize(heartbeat.Queues.ToArray(), SqliteJsonContext.Default.StringArray);
        return _database.WriteAsync((heartbeat, queues, Now: SqliteValues.ToMs(_time.GetUtcNow())), static (session, s) =>
            session.Command(ServerSql.Upsert)
                .Bind("$server_id", s.heartbeat.ServerId)
                .Bind("$name", s.heartbeat.Name)
                .Bind("$worker_count", s.heartbeat.WorkerCount)
                .Bind("$queues", s.queues)
                .Bind("$started_at", SqliteValues.ToMs(s.heartbeat.StartedAt))
                .Bind("$now", s.Now)
                .ExecuteNonQuery(), cancellationToken);
    }

    /// <inheritdoc />
    public Task RemoveServerAsync(string serverId, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(serverId, static (session, id) => session.Command(ServerSql.Delete).Bind("$server_id", id).ExecuteNonQuery(), cancellationToken);

    /// <inheritdoc />
    public Task<int> RemoveDeadServersAsync(RemoveDeadServersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cutoff = SqliteValues.ToMs(_time.GetUtcNow() - request.Timeout);
        return _database.WriteAsync(cutoff, static (session, c) => session.Command(ServerSql.DeleteSilentSince).Bind("$cutoff", c).ExecuteNonQuery(), cancellationToken);
    }
}
