using System.Text.Json.Serialization;
using Ember.Storage;

namespace Ember.PostgreSql.Json;

/// <summary>
/// A new job as create_jobs and fire_recurring read it (Functions/create_jobs.sql: <c>json_to_recordset</c> with these
/// names): the one layout of this boundary.
/// </summary>
internal sealed record NewJobJson
{
    [JsonPropertyName("queue")] public required string Queue { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("invocation")] public required string Invocation { get; init; }
    [JsonPropertyName("scheduled_at")] public string? ScheduledAt { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("parent_id")] public long? ParentId { get; init; }
    [JsonPropertyName("parent_ids")] public long[]? ParentIds { get; init; }
    [JsonPropertyName("continuation_options")] public required string ContinuationOptions { get; init; }
    [JsonPropertyName("expire_if_deleted")] public string? ExpireIfDeleted { get; init; }
    [JsonPropertyName("parameters")] public string? Parameters { get; init; }

    [JsonPropertyName("concurrency_key")] public string? ConcurrencyKey { get; init; }
    [JsonPropertyName("concurrency_limit")] public int? ConcurrencyLimit { get; init; }

    /// <summary>For a member of a batch created by create_batch: the batch's position in its batches array.</summary>
    [JsonPropertyName("batch")] public int? Batch { get; init; }

    public static NewJobJson From(NewJob job, long[]? parentIds, int? batch = null) => new()
    {
        Batch = batch,
        Queue = job.Queue,
        State = StoredValues.Name(job.State),
        Invocation = job.Invocation,
        ScheduledAt = job.State == JobState.Scheduled ? PgValues.ToJson(job.ScheduledAt) : null,
        Reason = job.Reason,
        ParentId = parentIds?[0],
        ParentIds = parentIds,
        ContinuationOptions = StoredValues.Name(job.ContinuationOptions),
        ExpireIfDeleted = PgValues.ToJson(job.ExpireAtIfDeleted),
        Parameters = job.Parameters is { Count: > 0 } parameters ? StoredValues.ParametersJson(parameters!) : null,
        ConcurrencyKey = job.Concurrency?.Key,
        ConcurrencyLimit = job.Concurrency?.Limit,
    };
}
