using System.Text.Json;
using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

/// <summary>
/// The read side. Every query reads indexes kept by the write scripts (state counters, per-state and per-queue sorted
/// sets by id), so counts are O(1) and a page is O(log n + page size) however many jobs the store holds.
/// </summary>
internal sealed class RedisJobQueries(RedisConnection connection, RedisKeys keys) : IJobQueries
{
    public async Task<JobDetails?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!RedisValues.IsJobId(jobId)) return null;
        var result = (RedisResult[])(await connection.EvaluateAsync(RedisScripts.GetJob, [keys.Base, "0", jobId]).ConfigureAwait(false))!;
        var fields = (RedisValue[])result[0]!;
        if (fields.Length == 0) return null;
        var history = ((RedisValue[])result[1]!).Select(entry => RedisJobReader.History(entry!)).ToArray();
        return new JobDetails(RedisJobReader.Job(jobId, fields), history);
    }

    public async Task<IReadOnlyDictionary<JobState, long>> GetStateCountsAsync(CancellationToken cancellationToken = default)
    {
        var entries = await ReadAsync(keys.Counts, (db, key) => db.HashGetAllAsync(key)).ConfigureAwait(false);
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
        foreach (var entry in entries) counts[StoredValues.ParseState(entry.Name!)] = (long)entry.Value;
        return counts;
    }

    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(JobListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count <= 0 || request.Offset < 0) return [];
        var state = StoredValues.Name(request.State);
        var index = request.Queue is null ? $"s:{state}" : $"sq:{state}:{request.Queue}";
        var flat = (RedisResult[])(await connection.EvaluateAsync(RedisScripts.GetJobs, [keys.Base, "0", index, request.Offset, request.Count]).ConfigureAwait(false))!;
        var jobs = new List<JobInfo>(flat.Length / 2);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            var fields = (RedisValue[])flat[i + 1]!;
            if (fields.Length > 0) jobs.Add(RedisJobReader.Job((string)flat[i]!, fields));
        }
        return jobs;
    }

    public async Task<IReadOnlyList<ServerInfo>> GetServersAsync(CancellationToken cancellationToken = default)
    {
        var entries = await ReadAsync(keys.Servers, (db, key) => db.HashGetAllAsync(key)).ConfigureAwait(false);
        return entries
            .Select(entry => JsonSerializer.Deserialize((string)entry.Value!, RedisJsonContext.Default.ServerInfo)!)
            .OrderBy(server => server.Name, StringComparer.Ordinal)
            .ToArray();
    }

    public async Task<RecurringJobRecord?> GetRecurringJobAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var entries = await ReadAsync(keys.Recurring(id), (db, key) => db.HashGetAllAsync(key)).ConfigureAwait(false);
        if (entries.Length == 0) return null;
        return RedisJobReader.Recurring(entries.SelectMany(e => new[] { e.Name, e.Value }).ToArray());
    }

    public async Task<IReadOnlyList<RecurringJobRecord>> GetRecurringJobsAsync(CancellationToken cancellationToken = default)
    {
        var rows = (RedisResult[])(await connection.EvaluateAsync(RedisScripts.AllRecurring, [keys.Base, "0"]).ConfigureAwait(false))!;
        return rows.Select(row => RedisJobReader.Recurring((RedisValue[])row!)).ToArray();
    }

    public async Task<IReadOnlyList<string>> GetContinuationIdsAsync(string parentId, CancellationToken cancellationToken = default)
    {
        if (!RedisValues.IsJobId(parentId)) return [];
        var ids = await ReadAsync(keys.Continuations(parentId), (db, key) => db.SortedSetRangeByRankAsync(key)).ConfigureAwait(false);
        return ids.Select(id => (string)id!).ToArray();
    }

    // A plain read of one key; a key of the wrong type (written by something else) becomes an error naming the key.
    private async Task<T> ReadAsync<T>(RedisKey key, Func<IDatabase, RedisKey, Task<T>> read)
    {
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        try
        {
            return await read(database, key).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            throw RedisErrors.KeyError(key!, ex.Message, keys.Prefix, ex);
        }
    }

    // TODO(readside): placeholders until this store's read side lands; never merged to main like this.
    public Task<JobStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<IReadOnlyList<HourlyCounts>> GetHourlyCountsAsync(HourlyCountsRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<IReadOnlyList<FailureGroup>> GetFailureGroupsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
