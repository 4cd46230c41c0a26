using System.Globalization;

namespace Ember.Redis;

/// <summary>
/// How values are written to Redis: times as milliseconds since the Unix epoch (they are sorted-set scores, which Lua
/// and Redis hold as doubles: exact to the millisecond), durations as ticks, absent values as empty strings.
/// </summary>
internal static class RedisValues
{
    public static string Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static string Ms(DateTimeOffset? at) => at is { } value ? Ms(value) : string.Empty;

    public static string? MsOrNull(DateTimeOffset? at) => at is { } value ? Ms(value) : null;

    public static DateTimeOffset FromMs(string ms) => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ms, CultureInfo.InvariantCulture));

    public static DateTimeOffset? FromMsOrNull(string? ms) => string.IsNullOrEmpty(ms) ? null : FromMs(ms);

    public static string Ticks(TimeSpan? span) => span is { } value ? value.Ticks.ToString(CultureInfo.InvariantCulture) : string.Empty;

    public static TimeSpan? FromTicksOrNull(string? ticks) =>
        string.IsNullOrEmpty(ticks) ? null : TimeSpan.FromTicks(long.Parse(ticks, CultureInfo.InvariantCulture));

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="id"/> could name a job of this store: a positive decimal that fits 64 bits.</summary>
    public static bool IsJobId(string? id) =>
        !string.IsNullOrEmpty(id) && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;
}
