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
        if (!SqliteValues.TryParseId(jobId, out var id)) return Task.FromResult<JobDetails?>(null);
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
            while (reader.Read()) counts[SqliteValues.ToState(reader.GetString(0))] = reader.GetInt64(1);
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
                .Bind("$state", SqliteValues.ToText(r.State))
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

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Every caller passes one of the constants in QuerySql; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        return command;
    }
}
