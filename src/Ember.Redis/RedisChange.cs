using System.Text.Json.Serialization;
using Ember.Storage;

namespace Ember.Redis;

/// <summary>
/// A state change as the scripts read it (common.lua, applyOne: short names, absent values left out; times as
/// millisecond strings, which Lua keeps exact): the one layout of this boundary. For a completion, also the job and
/// the run's lease token.
/// </summary>
internal sealed record RedisChange
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("token")] public string? Token { get; init; }
    [JsonPropertyName("st")] public required string State { get; init; }
    [JsonPropertyName("k")] public short Kind { get; init; }
    [JsonPropertyName("r")] public string? Reason { get; init; }
    [JsonPropertyName("sa")] public string? ScheduledAt { get; init; }
    [JsonPropertyName("ea")] public string? ExpireAt { get; init; }
    [JsonPropertyName("e")] public string? Error { get; init; }
    [JsonPropertyName("sv")] public string? ServerId { get; init; }
    [JsonPropertyName("du")] public string? Duration { get; init; }
    [JsonPropertyName("ce")] public string? ContinuationsExpireAt { get; init; }
    [JsonPropertyName("res")] public string? Result { get; init; }

    public static RedisChange From(StateChange change, string? id = null, string? token = null) => new()
    {
        Id = id,
        Token = token,
        State = StoredValues.Name(change.State),
        Kind = (short)change.Kind,
        Reason = change.Reason,
        ScheduledAt = RedisValues.MsOrNull(change.ScheduledAt),
        ExpireAt = RedisValues.MsOrNull(change.ExpireAt),
        Error = change.Error is null ? null : System.Text.Json.JsonSerializer.Serialize(change.Error, RedisJsonContext.Default.JobError),
        ServerId = change.ServerId,
        Duration = change.Duration is { } duration ? RedisValues.Ticks(duration) : null,
        ContinuationsExpireAt = RedisValues.MsOrNull(change.ContinuationsExpireAt),
        Result = change.Result,
    };
}
