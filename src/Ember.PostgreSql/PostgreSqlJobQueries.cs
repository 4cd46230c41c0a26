using Ember.Storage;

namespace Ember.PostgreSql;

/// <summary>The read side of <see cref="PostgreSqlJobStore"/>, on the same pooled data source.</summary>
internal sealed class PostgreSqlJobQueries(PostgreSqlJobStore store) : IJobQueries
{
    public async Task<JobDetails?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!StoredValues.TryParseJobId(jobId, out var id)) return null;
        JobInfo info;
        await using (var command = await store.CommandAsync(store.Sql.SelectJob, cancellationToken).ConfigureAwait(false))
        {
            command.Add(id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
            info = JobRows.ReadInfo(reader);
        }
        var history = new List<StateHistoryEntry>();
        await using (var command = await store.CommandAsync(store.Sql.SelectHistory, cancellationToken).ConfigureAwait(false))
        {
            command.Add(id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) history.Add(JobRows.ReadHistory(reader));
        }
        return new JobDetails(info, history);
    }

    public async Task<IReadOnlyDictionary<JobState, long>> GetStateCountsAsync(CancellationToken cancellationToken = default)
    {
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
        await using var command = await store.CommandAsync(store.Sql.CountByState, cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) counts[StoredValues.ParseState(reader.GetString(0))] = reader.GetInt64(1);
        return counts;
    }

    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(JobListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count <= 0) return [];
        await using var command = await store.CommandAsync(store.Sql.SelectPage, cancellationToken).ConfigureAwait(false);
        command
            .Add(StoredValues.Name(request.State))
            .Add(request.Queue, NpgsqlTypes.NpgsqlDbType.Text)
            .Add(request.Count)
            .Add(Math.Max(0, request.Offset));
        var jobs = new List<JobInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) jobs.Add(JobRows.ReadInfo(reader));
        return jobs;
    }

    public async Task<IReadOnlyList<ServerInfo>> GetServersAsync(CancellationToken cancellationToken = default)
    {
        await using var command = await store.CommandAsync(store.Sql.SelectServers, cancellationToken).ConfigureAwait(false);
        var servers = new List<ServerInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            servers.Add(new ServerInfo(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<string[]>(3),
                PgValues.FromDb(reader.GetDateTime(4)), PgValues.FromDb(reader.GetDateTime(5))));
        }
        // Sorted here, not in SQL: .NET's ordinal order, whatever the database's collation.
        return servers.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
    }

    public async Task<RecurringJobRecord?> GetRecurringJobAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = await store.CommandAsync(store.Sql.SelectRecurring, cancellationToken).ConfigureAwait(false);
        command.Add(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? RecurringRows.Read(reader) : null;
    }

    public async Task<IReadOnlyList<RecurringJobRecord>> GetRecurringJobsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = await store.CommandAsync(store.Sql.SelectAllRecurring, cancellationToken).ConfigureAwait(false);
        var all = await RecurringRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return all.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
    }

    public async Task<IReadOnlyList<string>> GetContinuationIdsAsync(string parentId, CancellationToken cancellationToken = default)
    {
        if (!StoredValues.TryParseJobId(parentId, out var id)) return [];
        await using var command = await store.CommandAsync(store.Sql.SelectContinuationIds, cancellationToken).ConfigureAwait(false);
        command.Add(id);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) ids.Add(StoredValues.JobId(reader.GetInt64(0)));
        return ids;
    }

    // TODO(readside): placeholders until this store's read side lands; never merged to main like this.
    public Task<JobStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<IReadOnlyList<HourlyCounts>> GetHourlyCountsAsync(HourlyCountsRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<IReadOnlyList<FailureGroup>> GetFailureGroupsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
