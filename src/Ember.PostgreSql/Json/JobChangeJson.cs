using System.Text.Json.Serialization;
using Ember.Storage;

namespace Ember.PostgreSql.Json;

/// <summary>
/// A state change as complete_jobs and change_state read it (Functions/*.sql: <c>json_to_recordset</c> with these
/// names): the one layout of this boundary. For a completion, also the job and the run's lease token.
/// </summary>
internal sealed record JobChangeJson
{
    [JsonPropertyName("id")] public long? Id { get; init; }
    [JsonPropertyName("token")] public string? Token { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("kind")] public short Kind { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("scheduled_at")] public string? ScheduledAt { get; init; }
    [JsonPropertyName("expire_at")] public string? ExpireAt { get; init; }
    [JsonPropertyName("error_type")] public string? ErrorType { get; init; }
    [JsonPropertyName("error_message")] public string? ErrorMessage { get; init; }
    [JsonPropertyName("error_details")] public string? ErrorDetails { get; init; }
    [JsonPropertyName("server_id")] public string? ServerId { get; init; }
    [JsonPropertyName("duration_ms")] public double? DurationMs { get; init; }
    [JsonPropertyName("continuations_expire_at")] public string? ContinuationsExpireAt { get; init; }
    [JsonPropertyName("result")] public string? Result { get; init; }

    public static JobChangeJson From(StateChange change, long? id = null, string? token = null) => new()
    {
        Id = id,
        Token = token,
        State = StoredValues.Name(change.State),
        Kind = (short)change.Kind,
        Reason = change.Reason,
        ScheduledAt = change.State == JobState.Scheduled ? PgValues.ToJson(change.ScheduledAt) : null,
        ExpireAt = PgValues.ToJson(change.ExpireAt),
        ErrorType = change.Error?.Type,
        ErrorMessage = change.Error?.Message,
        ErrorDetails = change.Error?.Details,
        ServerId = change.ServerId,
        DurationMs = PgValues.ToDb(change.Duration),
        ContinuationsExpireAt = PgValues.ToJson(change.ContinuationsExpireAt),
        Result = change.Result,
    };
}
