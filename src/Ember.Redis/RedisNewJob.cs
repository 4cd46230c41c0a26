using System.Text.Json.Serialization;
using Ember.Storage;

namespace Ember.Redis;

/// <summary>A new job as the scripts read it (common.lua, createJobs): the one layout of this boundary.</summary>
internal sealed record RedisNewJob
{
    [JsonPropertyName("q")] public required string Queue { get; init; }
    [JsonPropertyName("inv")] public required string Invocation { get; init; }
    [JsonPropertyName("st")] public required string State { get; init; }
    [JsonPropertyName("sa")] public string? ScheduledAt { get; init; }
    [JsonPropertyName("r")] public string? Reason { get; init; }
    [JsonPropertyName("p")] public string? ParentId { get; init; }
    [JsonPropertyName("ps")] public IReadOnlyList<string>? ParentIds { get; init; }
    [JsonPropertyName("copt")] public required string ContinuationOptions { get; init; }
    [JsonPropertyName("eid")] public string? ExpireAtIfDeleted { get; init; }
    [JsonPropertyName("pm")] public string? Parameters { get; init; }
    [JsonPropertyName("u")] public RedisUniqueKey? Unique { get; init; }
    [JsonPropertyName("ck")] public string? ConcurrencyKey { get; init; }
    [JsonPropertyName("cl")] public int? ConcurrencyLimit { get; init; }

    /// <summary>For a member of a batch (create_batch.lua): the batch's position in the request.</summary>
    [JsonPropertyName("b")] public int? Batch { get; init; }

    /// <summary>The job's reserved id (NewJob.Id, batches only); null: drawn by the script.</summary>
    [JsonPropertyName("id")] public string? Id { get; init; }

    public static RedisNewJob From(NewJob job) => new()
    {
        Queue = job.Queue,
        Invocation = job.Invocation,
        State = StoredValues.Name(job.State),
        ScheduledAt = job.State == JobState.Scheduled ? RedisValues.MsOrNull(job.ScheduledAt) : null,
        Reason = job.Reason,
        ParentId = job.ParentId,
        ParentIds = job.ParentId is null ? null : NewJobRules.ParentsOf(job),
        ContinuationOptions = StoredValues.Name(job.ContinuationOptions),
        ExpireAtIfDeleted = RedisValues.MsOrNull(job.ExpireAtIfDeleted),
        Parameters = job.Parameters is { Count: > 0 } parameters ? StoredValues.ParametersJson(parameters!) : null,
        ConcurrencyKey = job.Concurrency?.Key,
        ConcurrencyLimit = job.Concurrency?.Limit,
    };

    /// <summary>The same, with the unique key's oldest creation time reckoned from <paramref name="now"/>.</summary>
    public static RedisNewJob From(NewJob job, DateTimeOffset now) => job.Unique is not { } unique ? From(job) : From(job) with
    {
        Unique = new RedisUniqueKey { Key = unique.Key, States = StoredValues.StatesJson(unique.States), Since = RedisValues.MsOrNull(unique.Since(now)), Debounce = unique.Debounce ? true : null },
    };
}

/// <summary>A unique key as createJobs (common.lua) reads it.</summary>
internal sealed record RedisUniqueKey
{
    [JsonPropertyName("k")] public required string Key { get; init; }
    [JsonPropertyName("s")] public required string States { get; init; }
    [JsonPropertyName("since")] public string? Since { get; init; }
    [JsonPropertyName("d")] public bool? Debounce { get; init; }
}
