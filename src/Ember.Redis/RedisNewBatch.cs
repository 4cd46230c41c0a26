using System.Text.Json.Serialization;

namespace Ember.Redis;

/// <summary>A batch creation as create_batch.lua reads it: the batches depth first, and all their jobs.</summary>
internal sealed record RedisNewBatch
{
    [JsonPropertyName("bs")] public required IReadOnlyList<Entry> Batches { get; init; }
    [JsonPropertyName("jobs")] public required IReadOnlyList<RedisNewJob> Jobs { get; init; }

    /// <summary>One batch: its reserved id (null: drawn by the script), description, its parent's position in <see cref="Batches"/> (null for the first), its member count.</summary>
    internal sealed record Entry
    {
        [JsonPropertyName("id")] public string? Id { get; init; }
        [JsonPropertyName("d")] public string? Description { get; init; }
        [JsonPropertyName("p")] public int? Parent { get; init; }
        [JsonPropertyName("t")] public int Total { get; init; }
    }
}

/// <summary>A chunk of a large batch's jobs as stage_batch_jobs.lua reads it: the batch ids by position, and the jobs.</summary>
internal sealed record RedisStagedJobs
{
    [JsonPropertyName("bids")] public required IReadOnlyList<string> BatchIds { get; init; }
    [JsonPropertyName("jobs")] public required IReadOnlyList<RedisNewJob> Jobs { get; init; }
}
