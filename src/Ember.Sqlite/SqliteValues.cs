using Ember.Storage;
using System.Globalization;

namespace Ember.Sqlite;

/// <summary>How contract values are written to SQLite columns, beyond <see cref="StoredValues"/>: times and durations.</summary>
internal static class SqliteValues
{
    public static long ToMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static object ToDb(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : DBNull.Value;

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>Durations as REAL milliseconds (see <see cref="StoredValues.DurationToMs"/>).</summary>
    public static object ToDb(TimeSpan? duration) => duration is { } d ? StoredValues.DurationToMs(d) : DBNull.Value;
}
