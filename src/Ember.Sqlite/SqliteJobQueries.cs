using System.Text.Json;
using Ember.Sqlite.Sql;
using Ember.Storage;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

/// <summary>The read side of <see cref="SqliteJobStore"/>: pooled read connections beside the writer (WAL).</summary>
internal sealed partial class SqliteJobQueries(SqliteDatabase database, TimeProvider time) : IJobQueries
{
    /// <summary>
    /// How many of a state's newest jobs a search examines at most: it reads each one's invocation, and a dashboard
    /// should not read a million of them per keystroke (docs/storage.md).
    /// </summary>
    internal const int SearchScanLimit = 100_000;

    private const string EnteredSucceeded = "entered:Succeeded";
    private const string EnteredFailed = "entered:Failed";

    public Task<JobDetails?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!StoredValues.TryParseJobId(jobId, out var id)) return Task.FromResult<JobDetails?>(null);
        return database.ReadAsync(id, static (connection, id) =>
        {
            // One read transaction: the job and its history come from the same snapshot.
            using var transaction = connection.BeginTransaction(deferred: true);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = QuerySql.SelectJob;
            command.Bind("$id", id);
            JobInfo info;
            using (var reader = command.ExecuteReader())
            {
                if (!reader.Read()) return null;
                info = JobRows.ReadDetailsInfo(reader);
            }
            command.CommandText = QuerySql.SelectHistory;
            var history = new List<StateHistoryEntry>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) history.Add(JobRows.ReadHistory(reader));
            }
            command.CommandText = QuerySql.SelectLog;
            var log = new List<JobLogLine>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) log.Add(new JobLogLine(SqliteValues.FromMs(reader.GetInt64(0)), reader.GetString(1)));
            }
            command.CommandText = QuerySql.SelectParentIds;
            var parents = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) parents.Add(StoredValues.JobId(reader.GetInt64(0)));
            }
            return new JobDetails(info, history) { Log = log, ParentIds = parents };
        }, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<JobState, long>> GetStateCountsAsync(CancellationToken cancellationToken = default) =>
        (await GetStatisticsAsync(cancellationToken).ConfigureAwait(false)).Counts;

    // The few rows of job_counters, kept by the write transactions (JobCounters): no job is counted here.
    public Task<JobStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(0, static (connection, _) =>
        {
            var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
            long succeeded = 0, failed = 0;
            using var command = Command(connection, CounterSql.SelectCounters);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var name = reader.GetString(0);
                var value = reader.GetInt64(1);
                if (name.StartsWith(JobCounters.QueuePrefix, StringComparison.Ordinal)) continue;
                if (name == EnteredSucceeded) succeeded = value;
                else if (name == EnteredFailed) failed = value;
                else counts[StoredValues.ParseState(name)] = value;
            }
            return new JobStatistics(counts, succeeded, failed);
        }, cancellationToken);

    public Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(0, static (connection, _) =>
        {
            using var command = Command(connection, QuerySql.SelectQueueCounters);
            using var reader = command.ExecuteReader();
            var queues = new List<QueueInfo>();
            while (reader.Read())
                queues.Add(new QueueInfo(reader.GetString(0), reader.GetInt64(1)) { OldestEnqueuedAt = reader.IsDBNull(2) ? null : SqliteValues.FromMs(reader.GetInt64(2)) });
            // Sorted here, not in SQL: .NET's ordinal order and SQLite's byte order differ beyond the BMP.
            return (IReadOnlyList<QueueInfo>)queues.OrderBy(q => q.Name, StringComparer.Ordinal).ToArray();
        }, cancellationToken);

    public Task<IReadOnlyList<HourlyCounts>> GetHourlyCountsAsync(HourlyCountsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hours = request.Hours();
        if (hours.Count == 0) return Task.FromResult<IReadOnlyList<HourlyCounts>>([]);
        return database.ReadAsync(hours, static (connection, hours) =>
        {
            using var command = Command(connection, CounterSql.SelectHours)
                .Bind("$from", SqliteValues.ToMs(hours[0]))
                .Bind("$to", SqliteValues.ToMs(hours[^1].AddHours(1)));
            var stored = new Dictionary<long, (long Succeeded, long Failed)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) stored[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
            return (IReadOnlyList<HourlyCounts>)hours.Select(hour =>
                stored.TryGetValue(SqliteValues.ToMs(hour), out var c) ? new HourlyCounts(hour, c.Succeeded, c.Failed) : new HourlyCounts(hour, 0, 0)).ToArray();
        }, cancellationToken);
    }

    public Task<IReadOnlyList<FailureGroup>> GetFailureGroupsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(0, static (connection, _) =>
        {
            using var command = Command(connection, QuerySql.CountFailedByType);
            using var reader = command.ExecuteReader();
            var groups = new List<FailureGroup>();
            while (reader.Read()) groups.Add(new FailureGroup(reader.GetNullableString(0), reader.GetInt64(1)));
            return (IReadOnlyList<FailureGroup>)groups
                .OrderByDescending(g => g.Count).ThenBy(g => g.ExceptionType, StringComparer.Ordinal).ToArray();
        }, cancellationToken);

    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(JobListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // SQLite reads a negative LIMIT as "no limit"; the in-memory store's Take reads it as none.
        if (request.Count <= 0) return Task.FromResult<IReadOnlyList<JobInfo>>([]);
        return database.ReadAsync(request, static (connection, r) =>
        {
            var state = StoredValues.Name(r.State);
            var filters = (r.Queue is null ? PageFilters.None : PageFilters.Queue)
                | (r.ExceptionType is null ? PageFilters.None : PageFilters.ExceptionType)
                | (r.WithErrorOnly ? PageFilters.WithError : PageFilters.None)
                | (r.Search is null ? PageFilters.None : PageFilters.Search);
            using var command = Command(connection, QuerySql.Page(filters, r.State))
                .Bind("$state", state)
                .Bind("$limit", r.Count)
                .Bind("$offset", Math.Max(0, r.Offset))
                .Bind("$before", r.BeforeId is null ? long.MaxValue : StoredValues.TryParseJobId(r.BeforeId, out var before) ? before : long.MinValue);
            if (r.Queue is { } queue) command.Bind("$queue", queue);
            if (r.ExceptionType is { } type) command.Bind("$exception_type", type);
            if (r.Search is { } text)
            {
                // Only the id's own spelling matches it ("007" is not job 7), as the in-memory store compares texts.
                var isId = StoredValues.TryParseJobId(text, out var id) && StoredValues.JobId(id) == text;
                using var bound = Command(connection, QuerySql.SearchBound).Bind("$state", state).Bind("$scan_offset", SearchScanLimit - 1);
                command.Bind("$bound", bound.ExecuteScalar() as long? ?? 0)
                    .Bind("$search_id", isId ? id : null)
                    .Bind("$pattern", "%" + EscapeLike(text) + "%");
            }
            using var reader = command.ExecuteReader();
            var jobs = new List<JobInfo>();
            while (reader.Read()) jobs.Add(JobRows.ReadInfo(reader));
            return (IReadOnlyList<JobInfo>)jobs;
        }, cancellationToken);
    }

    // Literal text for LIKE ... ESCAPE '\': the escape character itself first, then the two wildcards.
    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    public Task<IReadOnlyList<ServerInfo>> GetServersAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(0, static (connection, _) =>
        {
            using var command = Command(connection, QuerySql.SelectServers);
            using var reader = command.ExecuteReader();
            var servers = new List<ServerInfo>();
            while (reader.Read())
            {
                servers.Add(new ServerInfo(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetInt32(2),
                    JsonSerializer.Deserialize(reader.GetString(3), SqliteJsonContext.Default.StringArray) ?? [],
                    SqliteValues.FromMs(reader.GetInt64(4)),
                    SqliteValues.FromMs(reader.GetInt64(5))));
            }
            // Sorted here, not in SQL: .NET's ordinal order and SQLite's byte order differ beyond the BMP.
            return (IReadOnlyList<ServerInfo>)servers.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
        }, cancellationToken);

    public Task<RecurringJobRecord?> GetRecurringJobAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return database.ReadAsync(id, static (connection, id) =>
        {
            using var command = Command(connection, RecurringSql.Select).Bind("$id", id);
            using var reader = command.ExecuteReader();
            return reader.Read() ? RecurringRows.Read(reader) : null;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<RecurringJobRecord>> GetRecurringJobsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(0, static (connection, _) =>
        {
            using var command = Command(connection, RecurringSql.SelectAll);
            // Sorted here, not in SQL: .NET's ordinal order and SQLite's byte order differ beyond the BMP.
            return (IReadOnlyList<RecurringJobRecord>)RecurringRows.ReadAll(command).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
        }, cancellationToken);

    public Task<IReadOnlyList<string>> GetPausedQueuesAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(0, static (connection, _) =>
        {
            using var command = Command(connection, PauseSql.SelectPausedQueues);
            using var reader = command.ExecuteReader();
            var queues = new List<string>();
            while (reader.Read()) queues.Add(reader.GetString(0));
            return (IReadOnlyList<string>)queues.Order(StringComparer.Ordinal).ToArray();
        }, cancellationToken);

    public Task<IReadOnlyList<string>> GetContinuationIdsAsync(string parentId, CancellationToken cancellationToken = default)
    {
        if (!StoredValues.TryParseJobId(parentId, out var id)) return Task.FromResult<IReadOnlyList<string>>([]);
        return database.ReadAsync(id, static (connection, id) =>
        {
            using var command = Command(connection, QuerySql.SelectContinuationIds).Bind("$parent_id", id);
            using var reader = command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read()) ids.Add(StoredValues.JobId(reader.GetInt64(0)));
            return (IReadOnlyList<string>)ids;
        }, cancellationToken);
    }

    public Task<BatchInfo?> GetBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        if (!StoredValues.TryParseJobId(batchId, out var id)) return Task.FromResult<BatchInfo?>(null);
        return database.ReadAsync(id, static (connection, id) =>
        {
            using var transaction = connection.BeginTransaction(deferred: true);
            using var command = Command(connection, QuerySql.SelectBatch).Bind("$id", id);
            command.Transaction = transaction;
            BatchInfo batch;
            using (var reader = command.ExecuteReader())
            {
                if (!reader.Read()) return null;
                batch = JobRows.ReadBatch(reader);
            }
            return WithRunning(connection, transaction, batch);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<BatchInfo>> GetBatchesAsync(BatchListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        long? parent = request.ParentBatchId is { } text ? (StoredValues.TryParseJobId(text, out var p) ? p : -1) : null;
        var before = request.BeforeId is { } b && StoredValues.TryParseJobId(b, out var beforeId) ? beforeId : long.MaxValue;
        return database.ReadAsync((parent, before, request.Count), static (connection, s) =>
        {
            using var transaction = connection.BeginTransaction(deferred: true);
            using var command = Command(connection, s.parent is null ? QuerySql.SelectBatches : QuerySql.SelectNestedBatches)
                .Bind("$parent", s.parent).Bind("$before", s.before).Bind("$limit", s.Count);
            command.Transaction = transaction;
            var batches = new List<BatchInfo>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) batches.Add(JobRows.ReadBatch(reader));
            }
            return (IReadOnlyList<BatchInfo>)batches.ConvertAll(batch => WithRunning(connection, transaction, batch));
        }, cancellationToken);
    }

    public Task<IReadOnlyList<JobInfo>> GetBatchJobsAsync(BatchJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!StoredValues.TryParseJobId(request.BatchId, out var id)) return Task.FromResult<IReadOnlyList<JobInfo>>([]);
        var before = request.BeforeId is { } b && StoredValues.TryParseJobId(b, out var beforeId) ? beforeId : long.MaxValue;
        return database.ReadAsync((id, request.State, before, request.Count), static (connection, s) =>
        {
            using var command = Command(connection, s.State is null ? QuerySql.SelectBatchJobs : QuerySql.SelectBatchJobsInState)
                .Bind("$id", s.id).Bind("$state", s.State is { } state ? StoredValues.Name(state) : null).Bind("$before", s.before).Bind("$limit", s.Count);
            using var reader = command.ExecuteReader();
            var jobs = new List<JobInfo>();
            while (reader.Read()) jobs.Add(JobRows.ReadInfo(reader) with { Result = reader.IsDBNull(17) ? null : reader.GetString(17) });
            return (IReadOnlyList<JobInfo>)jobs;
        }, cancellationToken);
    }

    private static BatchInfo WithRunning(SqliteConnection connection, SqliteTransaction transaction, BatchInfo batch)
    {
        using var command = Command(connection, QuerySql.CountRunningInBatch).Bind("$id", long.Parse(batch.Id, System.Globalization.CultureInfo.InvariantCulture));
        command.Transaction = transaction;
        return batch with { Running = (long)command.ExecuteScalar()! };
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Every caller passes one of the constants in Ember.Sqlite.Sql; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        return command;
    }

    public Task<IReadOnlyList<ConcurrencyKeyInfo>> GetConcurrencyKeysAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(0, static (connection, _) =>
        {
            var waiting = new Dictionary<string, long>(StringComparer.Ordinal);
            using (var command = Command(connection, ConcurrencySql.SelectWaiting))
            using (var reader = command.ExecuteReader())
                while (reader.Read()) waiting[reader.GetString(0)] = reader.GetInt64(1);
            var keys = new List<ConcurrencyKeyInfo>();
            using (var command = Command(connection, ConcurrencySql.SelectKeys))
            using (var reader = command.ExecuteReader())
                while (reader.Read())
                {
                    var key = reader.GetString(0);
                    if (keys.Count == 0 || keys[^1].Key != key)
                        keys.Add(new ConcurrencyKeyInfo(key, reader.IsDBNull(1) ? null : reader.GetInt32(1), new List<string>(), waiting.GetValueOrDefault(key)));
                    if (!reader.IsDBNull(2)) ((List<string>)keys[^1].Holders).Add(StoredValues.JobId(reader.GetInt64(2)));
                }
            return (IReadOnlyList<ConcurrencyKeyInfo>)keys;
        }, cancellationToken);
}
