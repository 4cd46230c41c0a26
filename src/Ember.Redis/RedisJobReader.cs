using System.Text.Json;
using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

/// <summary>Reads the hashes and history entries the scripts write back into the contract's records.</summary>
internal static class RedisJobReader
{
    /// <summary>A job hash (HGETALL as a flat name/value array) as a <see cref="JobInfo"/>.</summary>
    public static JobInfo Job(string id, RedisValue[] flat)
    {
        var f = ToDictionary(flat);
        return new JobInfo
        {
            Id = id,
            Queue = f["queue"],
            State = StoredValues.ParseState(f["state"]),
            Invocation = f["inv"],
            CreatedAt = RedisValues.FromMs(f["created"]),
            StateChangedAt = RedisValues.FromMs(f["changed"]),
            Attempt = int.Parse(f.GetValueOrDefault("attempt", "0"), System.Globalization.CultureInfo.InvariantCulture),
            ScheduledAt = RedisValues.FromMsOrNull(f.GetValueOrDefault("sched")),
            LastError = Error(f.GetValueOrDefault("err")),
            ServerId = f.GetValueOrDefault("server"),
            LeaseExpiresAt = RedisValues.FromMsOrNull(f.GetValueOrDefault("lexp")),
            ExpireAt = RedisValues.FromMsOrNull(f.GetValueOrDefault("exp")),
            ParentId = f.GetValueOrDefault("parent"),
            BatchId = f.GetValueOrDefault("bid"),
            ContinuationOptions = StoredValues.ParseEnum<JobContinuationOptions>(f.GetValueOrDefault("copt", nameof(JobContinuationOptions.OnlyOnSucceededState)), "a job's field 'copt'"),
            Result = f.GetValueOrDefault("res"),
            Parameters = StoredValues.ParseParameters(f.GetValueOrDefault("pm")),
            Progress = f.GetValueOrDefault("pg") is { } progress ? int.Parse(progress, System.Globalization.CultureInfo.InvariantCulture) : null,
        };
    }

    /// <summary>A batch hash (HGETALL as a flat name/value array) as a <see cref="BatchInfo"/>.</summary>
    public static BatchInfo Batch(string id, RedisValue[] flat)
    {
        var f = ToDictionary(flat);
        long Count(string name) => long.Parse(f.GetValueOrDefault(name, "0"), System.Globalization.CultureInfo.InvariantCulture);
        return new BatchInfo
        {
            Id = id,
            Description = f.GetValueOrDefault("desc"),
            State = StoredValues.ParseEnum<BatchState>(f["state"], "a batch's field 'state'"),
            ParentBatchId = f.GetValueOrDefault("parent"),
            CreatedAt = RedisValues.FromMs(f["created"]),
            FinishedAt = RedisValues.FromMsOrNull(f.GetValueOrDefault("finished")),
            Cancelled = f.GetValueOrDefault("cancelled") == "1",
            Total = Count("total"),
            Succeeded = Count("ok"),
            Failed = Count("failed"),
            Deleted = Count("deleted"),
            Running = Count("run"),
        };
    }

    /// <summary>A continuation's parents in order: field 'parents' (ids joined by commas) when it has several, else its 'parent'.</summary>
    public static IReadOnlyList<string> ParentIds(JobInfo job, RedisValue[] flat)
    {
        for (var i = 0; i + 1 < flat.Length; i += 2)
            if (flat[i] == "parents") return ((string)flat[i + 1]!).Split(',');
        return job.ParentId is { } parent ? [parent] : [];
    }

    /// <summary>One log line, as JSON written by the store ({t = ms, x = text}).</summary>
    public static JobLogLine LogLine(string json)
    {
        var line = JsonSerializer.Deserialize(json, RedisJsonContext.Default.LogLineJson)
            ?? throw new InvalidOperationException($"A log line in Redis is empty: {json}");
        return new JobLogLine(DateTimeOffset.FromUnixTimeMilliseconds(line.At), line.Text);
    }

    /// <summary>One history entry, as JSON written by the scripts.</summary>
    public static StateHistoryEntry History(string json)
    {
        var entry = JsonSerializer.Deserialize(json, RedisJsonContext.Default.HistoryEntryJson)
            ?? throw new InvalidOperationException($"A history entry in Redis is empty: {json}");
        var state = StoredValues.ParseState(entry.State);
        var kind = entry.Kind is { } stored ? StoredValues.ParseKind(stored) : LegacyHistoryKind.Of(state, entry.Reason);
        return new StateHistoryEntry(
            state, kind, RedisValues.FromMs(entry.At), entry.Reason, entry.ServerId, Error(entry.Error), RedisValues.FromTicksOrNull(entry.Duration));
    }

    /// <summary>A recurring job hash (HGETALL as a flat name/value array).</summary>
    public static RecurringJobRecord Recurring(RedisValue[] flat)
    {
        var f = ToDictionary(flat);
        return new RecurringJobRecord
        {
            Id = f["id"],
            Cron = f["cron"],
            TimeZoneId = f["tz"],
            Queue = f["queue"],
            Invocation = f["inv"],
            Misfire = Enum.Parse<MisfireHandlingMode>(f["misfire"]),
            NextRunAt = RedisValues.FromMsOrNull(f.GetValueOrDefault("next")),
            LastRunAt = RedisValues.FromMsOrNull(f.GetValueOrDefault("last")),
            LastJobId = f.GetValueOrDefault("lastjob"),
            Error = f.GetValueOrDefault("error"),
            CreatedAt = RedisValues.FromMs(f["created"]),
            Paused = f.ContainsKey("paused"),
        };
    }

    public static Dictionary<string, string> ToDictionary(RedisValue[] flat)
    {
        var fields = new Dictionary<string, string>(flat.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < flat.Length; i += 2) fields[flat[i]!] = flat[i + 1]!;
        return fields;
    }

    private static JobError? Error(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize(json, RedisJsonContext.Default.JobError);
}
