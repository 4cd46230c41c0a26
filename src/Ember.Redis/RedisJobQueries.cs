using System.Text.Json;
using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

/// <summary>
/// The read side. Every query reads indexes kept by the write scripts (state counters and totals, hourly counts,
/// failure groups, the set of queues, per-state and per-queue sorted sets by id), so statistics are O(1) and a page is
/// O(log n + page size) however many jobs the store holds. Only a filtered list walks an index, and that walk is bounded.
/// </summary>
internal sealed partial class RedisJobQueries(RedisConnection connection, RedisKeys keys, TimeProvider time) : IJobQueries
{
    /// <summary>
    /// The most index entries one filtered list (search, exception type outside Failed, with-error) examines, newest
    /// first: a few tens of milliseconds of Redis time at most (docs/redis.md), so a search never holds up the job
    /// scripts for long.
    /// </summary>
    public const int SearchLimit = 5_000;

    private const string TotalSucceeded = "total:Succeeded";
    private const string TotalFailed = "total:Failed";

    public async Task<JobDetails?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!RedisValues.IsJobId(jobId)) return null;
        var result = (RedisResult[])(await connection.EvaluateAsync(RedisScripts.GetJob, [keys.Base, "0", jobId]).ConfigureAwait(false))!;
        var fields = (RedisValue[])result[0]!;
        if (fields.Length == 0) return null;
        var history = ((RedisValue[])result[1]!).Select(entry => RedisJobReader.History(entry!)).ToArray();
        var log = ((RedisValue[])result[2]!).Select(line => RedisJobReader.LogLine(line!)).ToArray();
        var job = RedisJobReader.Job(jobId, fields);
        return new JobDetails(job, history) { Log = log, ParentIds = RedisJobReader.ParentIds(job, fields) };
    }

    public async Task<IReadOnlyDictionary<JobState, long>> GetStateCountsAsync(CancellationToken cancellationToken = default) =>
        (await GetStatisticsAsync(cancellationToken).ConfigureAwait(false)).Counts;

    // One HGETALL of the counts hash: state counts and the running totals ('total:<state>'), all kept by the scripts.
    public async Task<JobStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var entries = await ReadAsync(keys.Counts, (db, key) => db.HashGetAllAsync(key)).ConfigureAwait(false);
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
        long? succeeded = null, failed = null;
        foreach (var entry in entries)
        {
            var name = (string)entry.Name!;
            if (name == TotalSucceeded) succeeded = (long)entry.Value;
            else if (name == TotalFailed) failed = (long)entry.Value;
            else counts[StoredValues.ParseState(name)] = (long)entry.Value;
        }
        // No total yet (nothing finished since the store got them): the scripts will start it from the state's count.
        return new JobStatistics(counts, succeeded ?? counts[JobState.Succeeded], failed ?? counts[JobState.Failed]);
    }

    public async Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(CancellationToken cancellationToken = default)
    {
        var flat = (RedisValue[])(await connection.EvaluateAsync(RedisScripts.Queues, [keys.Base, "0"]).ConfigureAwait(false))!;
        var queues = new QueueInfo[flat.Length / 3];
        for (var i = 0; i < queues.Length; i++)
        {
            var head = flat[i * 3 + 2];
            queues[i] = new QueueInfo(flat[i * 3]!, (long)flat[i * 3 + 1]) { OldestEnqueuedAt = head.IsNullOrEmpty ? null : RedisValues.FromMs(head!) };
        }
        return queues.OrderBy(q => q.Name, StringComparer.Ordinal).ToArray();
    }

    public async Task<IReadOnlyList<string>> GetPausedQueuesAsync(CancellationToken cancellationToken = default)
    {
        var members = await ReadAsync(keys.PausedQueues, (db, key) => db.SetMembersAsync(key)).ConfigureAwait(false);
        return members.Select(m => (string)m!).Order(StringComparer.Ordinal).ToArray();
    }

    public async Task<IReadOnlyList<HourlyCounts>> GetHourlyCountsAsync(HourlyCountsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hours = request.Hours();
        if (hours.Count == 0) return [];
        // Hour keys are named by hours since the epoch, as the scripts compute them from "now".
        var first = hours[0].ToUnixTimeSeconds() / 3600;
        var flat = (RedisValue[])(await connection.EvaluateAsync(RedisScripts.Hourly, [keys.Base, "0", first, hours.Count]).ConfigureAwait(false))!;
        return hours.Select((hour, i) => new HourlyCounts(hour, Long(flat[i * 2]), Long(flat[i * 2 + 1]))).ToArray();
    }

    // One HGETALL of the failure groups the scripts keep (field '' = Failed jobs without an error).
    public async Task<IReadOnlyList<FailureGroup>> GetFailureGroupsAsync(CancellationToken cancellationToken = default)
    {
        var entries = await ReadAsync(keys.Failures, (db, key) => db.HashGetAllAsync(key)).ConfigureAwait(false);
        return entries
            .Select(e => new FailureGroup(e.Name == string.Empty ? null : (string)e.Name!, (long)e.Value))
            .Where(g => g.Count > 0)
            .OrderByDescending(g => g.Count).ThenBy(g => g.ExceptionType, StringComparer.Ordinal)
            .ToArray();
    }

    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(JobListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // No exception type is empty; the scripts use '' for "no filter", so answer this one here.
        if (request.Count <= 0 || request.Offset < 0 || request.ExceptionType?.Length == 0) return [];
        var state = StoredValues.Name(request.State);
        // The narrowest index that holds every match: a Failed job's failure group, the retry index (Scheduled jobs
        // with an error), else its state and queue. Filters the index doesn't imply make the script walk it (bounded
        // by SearchLimit); without any, a page is a range.
        var byType = request.State == JobState.Failed && request.ExceptionType is not null;
        var retries = request.State == JobState.Scheduled && request.WithErrorOnly;
        var index = byType ? $"ft:{request.ExceptionType}" : retries ? "retries" : request.Queue is null ? $"s:{state}" : $"sq:{state}:{request.Queue}";
        var walk = request.Search is not null || (byType || retries ? request.Queue is not null || (retries && request.ExceptionType is not null)
            : request.ExceptionType is not null || request.WithErrorOnly);
        // A malformed key names no job: "0" bounds every id out, as the other stores answer an empty page.
        var before = request.BeforeId is null ? string.Empty : StoredValues.TryParseJobId(request.BeforeId, out var key) ? StoredValues.JobId(key) : "0";
        var flat = (RedisResult[])(await (walk
            ? connection.EvaluateAsync(RedisScripts.FindJobs,
            [
                keys.Base, "0", index, request.Offset, request.Count, request.Search ?? string.Empty, request.ExceptionType ?? string.Empty,
                request.WithErrorOnly ? "1" : "0", request.Queue ?? string.Empty, SearchLimit, before,
            ])
            : connection.EvaluateAsync(RedisScripts.GetJobs, [keys.Base, "0", index, request.Offset, request.Count, before])).ConfigureAwait(false))!;
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

    private static long Long(RedisValue value) => value.IsNull ? 0 : (long)value;

    public async Task<BatchInfo?> GetBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        if (!RedisValues.IsJobId(batchId)) return null;
        return (await BatchesAsync(batchId, "", 1, "one").ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<BatchInfo>> GetBatchesAsync(BatchListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ParentBatchId is { } parent && !RedisValues.IsJobId(parent)) return [];
        var before = request.BeforeId is null ? string.Empty : StoredValues.TryParseJobId(request.BeforeId, out var key) ? StoredValues.JobId(key) : "0";
        return await BatchesAsync(request.ParentBatchId is { } p ? "batches:" + p : "batches", before, request.Count, "").ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JobInfo>> GetBatchJobsAsync(BatchJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RedisValues.IsJobId(request.BatchId)) return [];
        var before = request.BeforeId is null ? string.Empty : StoredValues.TryParseJobId(request.BeforeId, out var key) ? StoredValues.JobId(key) : "0";
        var flat = (RedisResult[])(await connection.EvaluateAsync(RedisScripts.GetBatchJobs,
            [keys.Base, "0", request.BatchId, request.State is { } state ? StoredValues.Name(state) : "", before, request.Count]).ConfigureAwait(false))!;
        var jobs = new List<JobInfo>(flat.Length / 2);
        for (var i = 0; i + 1 < flat.Length; i += 2) jobs.Add(RedisJobReader.Job((string)flat[i]!, (RedisValue[])flat[i + 1]!));
        return jobs;
    }

    private async Task<IReadOnlyList<BatchInfo>> BatchesAsync(string index, string before, int count, string mode)
    {
        var flat = (RedisResult[])(await connection.EvaluateAsync(RedisScripts.GetBatches, [keys.Base, "0", index, before, mode == "one" ? "one" : count.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ConfigureAwait(false))!;
        var batches = new List<BatchInfo>(flat.Length / 2);
        for (var i = 0; i + 1 < flat.Length; i += 2) batches.Add(RedisJobReader.Batch((string)flat[i]!, (RedisValue[])flat[i + 1]!));
        return batches;
    }

    public async Task<IReadOnlyList<ConcurrencyKeyInfo>> GetConcurrencyKeysAsync(CancellationToken cancellationToken = default)
    {
        var flat = (RedisValue[])(await connection.EvaluateAsync(RedisScripts.ConcurrencyKeys, [keys.Base, "0"]).ConfigureAwait(false))!;
        var found = new List<ConcurrencyKeyInfo>();
        for (var i = 0; i < flat.Length;)
        {
            var key = (string)flat[i]!;
            int? limit = flat[i + 1].IsNullOrEmpty ? null : (int)flat[i + 1];
            var waiting = (long)flat[i + 2];
            var holders = new string[(int)flat[i + 3]];
            for (var h = 0; h < holders.Length; h++) holders[h] = flat[i + 4 + h]!;
            found.Add(new ConcurrencyKeyInfo(key, limit, holders.OrderBy(id => id.Length).ThenBy(id => id, StringComparer.Ordinal).ToArray(), waiting));
            i += 4 + holders.Length;
        }
        return found.OrderBy(k => k.Key, StringComparer.Ordinal).ToArray();
    }
}
