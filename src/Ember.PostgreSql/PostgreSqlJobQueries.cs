using Ember.PostgreSql.Sql;
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
            info = JobRows.ReadInfo(reader) with
            {
                Result = reader.IsDBNull(17) ? null : reader.GetString(17),
                Parameters = StoredValues.ParseParameters(reader.IsDBNull(18) ? null : reader.GetString(18)),
                Progress = reader.IsDBNull(19) ? null : reader.GetInt32(19),
            };
        }
        var history = new List<StateHistoryEntry>();
        await using (var command = await store.CommandAsync(store.Sql.SelectHistory, cancellationToken).ConfigureAwait(false))
        {
            command.Add(id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) history.Add(JobRows.ReadHistory(reader));
        }
        var log = new List<JobLogLine>();
        await using (var command = await store.CommandAsync(store.Sql.SelectLog, cancellationToken).ConfigureAwait(false))
        {
            command.Add(id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                log.Add(new JobLogLine(PgValues.FromDb(reader.GetFieldValue<DateTime>(0)), reader.GetString(1)));
        }
        var parents = new List<string>();
        if (info.ParentId is not null)
        {
            await using var command = await store.CommandAsync(store.Sql.SelectParentIds, cancellationToken).ConfigureAwait(false);
            command.Add(id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) parents.Add(StoredValues.JobId(reader.GetInt64(0)));
        }
        return new JobDetails(info, history) { Log = log, ParentIds = parents };
    }

    public async Task<IReadOnlyDictionary<JobState, long>> GetStateCountsAsync(CancellationToken cancellationToken = default) =>
        (await GetStatisticsAsync(cancellationToken).ConfigureAwait(false)).Counts;

    public async Task<JobStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
        long succeeded = 0, failed = 0;
        await using var command = await store.CommandAsync(store.Sql.Statistics, cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = StoredValues.ParseState(reader.GetString(1));
            var value = reader.GetInt64(2);
            if (!reader.GetBoolean(0)) counts[state] = value;
            else if (state == JobState.Succeeded) succeeded = value;
            else if (state == JobState.Failed) failed = value;
        }
        return new JobStatistics(counts, succeeded, failed);
    }

    public async Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = await store.CommandAsync(store.Sql.Queues, cancellationToken).ConfigureAwait(false);
        var queues = new List<QueueInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            queues.Add(new QueueInfo(reader.GetString(0), reader.GetInt64(1)) { OldestEnqueuedAt = reader.IsDBNull(2) ? null : PgValues.FromDb(reader.GetDateTime(2)) });
        // Sorted here, not in SQL: .NET's ordinal order, whatever the database's collation.
        return queues.OrderBy(q => q.Name, StringComparer.Ordinal).ToArray();
    }

    public async Task<IReadOnlyList<HourlyCounts>> GetHourlyCountsAsync(HourlyCountsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hours = request.Hours();
        if (hours.Count == 0) return [];
        var found = new Dictionary<DateTimeOffset, (long Succeeded, long Failed)>();
        await using (var command = await store.CommandAsync(store.Sql.HourlyCounts, cancellationToken).ConfigureAwait(false))
        {
            command.Add(PgValues.ToDb(hours[0])).Add(PgValues.ToDb(hours[^1].AddHours(1)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var hour = PgValues.FromDb(reader.GetDateTime(0));
                var (succeeded, failed) = found.GetValueOrDefault(hour);
                found[hour] = reader.GetString(1) == "Succeeded" ? (reader.GetInt64(2), failed) : (succeeded, reader.GetInt64(2));
            }
        }
        return hours.Select(h => found.TryGetValue(h, out var c) ? new HourlyCounts(h, c.Succeeded, c.Failed) : new HourlyCounts(h, 0, 0)).ToArray();
    }

    public async Task<IReadOnlyList<FailureGroup>> GetFailureGroupsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = await store.CommandAsync(store.Sql.FailureGroups, cancellationToken).ConfigureAwait(false);
        var groups = new List<FailureGroup>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            groups.Add(new FailureGroup(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1)));
        return groups.OrderByDescending(g => g.Count).ThenBy(g => g.ExceptionType, StringComparer.Ordinal).ToArray();
    }

    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(JobListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count <= 0) return [];
        var filters = (request.Queue is null ? PageFilters.None : PageFilters.Queue)
            | (request.ExceptionType is null ? PageFilters.None : PageFilters.ExceptionType)
            | (request.WithErrorOnly ? PageFilters.WithError : PageFilters.None)
            | (request.Search is null ? PageFilters.None : PageFilters.Search);
        await using var command = await store.CommandAsync(store.Sql.Pages[(int)filters], cancellationToken).ConfigureAwait(false);
        var before = request.BeforeId is null ? long.MaxValue : StoredValues.TryParseJobId(request.BeforeId, out var key) ? key : long.MinValue;
        command.Add(StoredValues.Name(request.State)).Add(request.Count).Add(Math.Max(0, request.Offset)).Add(before);
        if (request.Queue is { } queue) command.Add(queue);
        if (request.ExceptionType is { } type) command.Add(type);
        if (request.Search is { } text)
        {
            // "Equals the job id" exactly: "007" is not job 7.
            long? id = StoredValues.TryParseJobId(text, out var parsed) && StoredValues.JobId(parsed) == text ? parsed : null;
            command.Add("%" + EscapeLike(text) + "%").Add(id, NpgsqlTypes.NpgsqlDbType.Bigint).Add(store.Options.MaxJobsSearched);
        }
        var jobs = new List<JobInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) jobs.Add(JobRows.ReadInfo(reader));
        return jobs;
    }

    /// <summary>The text as a literal inside an ILIKE pattern whose escape character is the backslash.</summary>
    internal static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

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
        if (PgValues.HasNul(id)) return null; // PostgreSQL text can't hold NUL: no stored id has one
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

    public async Task<IReadOnlyList<string>> GetPausedQueuesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = await store.CommandAsync(store.Sql.SelectPausedQueues, cancellationToken).ConfigureAwait(false);
        var queues = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) queues.Add(reader.GetString(0));
        return queues;
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

    public async Task<BatchInfo?> GetBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        if (!StoredValues.TryParseJobId(batchId, out var id)) return null;
        await using var command = await store.CommandAsync(store.Sql.SelectBatch, cancellationToken).ConfigureAwait(false);
        command.Add(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? JobRows.ReadBatch(reader) : null;
    }

    public async Task<IReadOnlyList<BatchInfo>> GetBatchesAsync(BatchListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        long? parent = request.ParentBatchId is { } text ? (StoredValues.TryParseJobId(text, out var p) ? p : -1) : null;
        var before = request.BeforeId is { } b && StoredValues.TryParseJobId(b, out var beforeId) ? beforeId : long.MaxValue;
        await using var command = await store.CommandAsync(store.Sql.SelectBatches, cancellationToken).ConfigureAwait(false);
        command.Add(parent, NpgsqlTypes.NpgsqlDbType.Bigint).Add(before).Add(request.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var batches = new List<BatchInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) batches.Add(JobRows.ReadBatch(reader));
        return batches;
    }

    public async Task<IReadOnlyList<JobInfo>> GetBatchJobsAsync(BatchJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!StoredValues.TryParseJobId(request.BatchId, out var id)) return [];
        var before = request.BeforeId is { } b && StoredValues.TryParseJobId(b, out var beforeId) ? beforeId : long.MaxValue;
        await using var command = await store.CommandAsync(store.Sql.SelectBatchJobs, cancellationToken).ConfigureAwait(false);
        command.Add(id).Add(request.State is { } state ? StoredValues.Name(state) : null, NpgsqlTypes.NpgsqlDbType.Text).Add(before).Add(request.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<JobInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) jobs.Add(JobRows.ReadInfo(reader) with { Result = reader.IsDBNull(17) ? null : reader.GetString(17) });
        return jobs;
    }

    public async Task<IReadOnlyList<ConcurrencyKeyInfo>> GetConcurrencyKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var command = await store.CommandAsync(store.Sql.SelectConcurrencyKeys, cancellationToken).ConfigureAwait(false);
        var keys = new List<ConcurrencyKeyInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            keys.Add(new ConcurrencyKeyInfo(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1),
                NewJobBatch.IdTexts(reader.GetFieldValue<long[]>(2)), reader.GetInt64(3)));
        return keys;
    }

    public async Task<IReadOnlyList<RateLimitInfo>> GetRateLimitsAsync(RateLimitListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var now = store.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var command = await store.CommandAsync(store.Sql.SelectRateLimits, cancellationToken).ConfigureAwait(false);
        command.Add(now).Add(request.Count).Add(request.Offset);
        var infos = new List<RateLimitInfo>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var state = new RateLimitState
                {
                    PeriodMs = reader.GetInt64(2), WindowStart = reader.GetInt64(3), Taken = reader.GetInt64(4), Level = reader.GetInt64(5),
                    RefilledAt = reader.GetInt64(6), Starts = reader.GetFieldValue<long[]>(7), ExpiresAt = reader.GetInt64(8), Limit = reader.GetInt64(9),
                };
                if (RateLimitRules.Describe(reader.GetString(0), Enum.Parse<RateLimitAlgorithm>(reader.GetString(1)), state, now) is { } info) infos.Add(info);
            }
        }
        infos.Sort(RateLimitRules.Compare);
        if (infos.Count == 0) return infos;
        // The live jobs that carry the listed keys (a second statement: the counts are read a moment after the states).
        var jobs = new RateLimitJobCounts();
        await using var count = await store.CommandAsync(store.Sql.SelectRateLimitJobs, cancellationToken).ConfigureAwait(false);
        await using (var reader = await count.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) jobs.Add(reader.GetString(0), reader.GetBoolean(1), reader.GetInt64(2));
        return jobs.Apply(infos);
    }
}
