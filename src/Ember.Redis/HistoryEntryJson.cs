using System.Text.Json.Serialization;

namespace Ember.Redis;

/// <summary>
/// One history entry as the Lua scripts write it (cjson, short names to keep a million histories small): every value
/// a string but the kind, absent ones left out. Entries written before kinds existed have none (see <see cref="LegacyHistoryKind"/>).
/// </summary>
internal sealed record HistoryEntryJson(
    [property: JsonPropertyName("s")] string State,
    [property: JsonPropertyName("k")] short? Kind,
    [property: JsonPropertyName("at")] string At,
    [property: JsonPropertyName("r")] string? Reason,
    [property: JsonPropertyName("sv")] string? ServerId,
    [property: JsonPropertyName("e")] string? Error,
    [property: JsonPropertyName("d")] string? Duration);
