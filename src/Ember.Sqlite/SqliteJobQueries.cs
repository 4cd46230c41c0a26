using System.Text.Json;
using Ember.Sqlite.Sql;
using Ember.Storage;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

/// <summary>The read side of <see cref="SqliteJobStore"/>: pooled read connections beside the writer (WAL).</summary>
internal sealed class SqliteJobQueries(SqliteDatabase database) : IJobQueries
{
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
                info = JobRows.ReadInfo(reader);
            }
            command.CommandText = QuerySql.SelectHistory;
            var history = new List<StateHistoryEntry>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) history.Add(JobRows.ReadHistory(reader));
            }
            return new JobDetails(info, history);
        }, cancellationToken);
    }

    public Task<IReadOnlyDictionary<JobState, long>> GetStateCountsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(0, static (connection, _) =>
        {
            var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
            using var command = Command(connection, QuerySql.CountByState);
            using var reader = command.ExecuteReader();
            while (reader.Read()) counts[StoredValues.ParseState(reader.GetString(0))] = reader.GetInt64(1);
            return (IReadOnlyDictionary<JobState, long>)counts;
        }, cancellationToken);

    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(JobListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // SQLite reads a negative LIMIT as "no limit"; the in-memory store's Take reads it as none.
        if (request.Count <= 0) return Task.FromResult<IReadOnlyList<JobInfo>>([]);
        return database.ReadAsync(request, static (connection, r) =>
        {
            using var command = Command(connection, QuerySql.SelectPage)
                .Bind("$state", StoredValues.Name(r.State))
                .Bind("$queue", r.Queue)
                .Bind("$limit", r.Count)
                .Bind("$offset", Math.Max(0, r.Offset));
            using var reader = command.ExecuteReader();
            var jobs = new List<JobInfo>();
            while (reader.Read()) jobs.Add(JobRows.ReadInfo(reader));
            return (IReadOnlyList<JobInfo>)jobs;
        }, cancellationToken);
    }

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

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Every caller passes one of the constants in Ember.Sqlite.Sql; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        return command;
    }

    // TODO(readside): placeholders until this store's read side lands; never merged to main like this.
    public Task<JobStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<IReadOnlyList<HourlyCounts>> GetHourlyCountsAsync(HourlyCountsRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<IReadOnlyList<FailureGroup>> GetFailureGroupsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
