using Ember.Storage;
using System.Globalization;

namespace Ember.PostgreSql;

/// <summary>How contract values are written to PostgreSQL columns, beyond <see cref="StoredValues"/>: times, durations.</summary>
internal static class PgValues
{
    /// <summary>timestamptz parameters are written as UTC DateTime (Npgsql's mapping); the offset is not kept.</summary>
    public static DateTime ToDb(DateTimeOffset time) => time.UtcDateTime;

    public static DateTime? ToDb(DateTimeOffset? time) => time?.UtcDateTime;

    /// <summary>
    /// A time inside a JSON layout: ISO 8601 in UTC with microseconds, truncated as Npgsql truncates a parameter, so
    /// that a time reads back the same whichever way it went in.
    /// </summary>
    public static string? ToJson(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset FromDb(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>Durations as double precision milliseconds (see <see cref="StoredValues.DurationToMs"/>).</summary>
    public static double? ToDb(TimeSpan? duration) => duration is { } d ? StoredValues.DurationToMs(d) : null;

    /// <summary>An id already checked with <see cref="StoredValues.TryParseJobId"/>.</summary>
    public static long ParseKnownId(string text) =>
        StoredValues.TryParseJobId(text, out var id) ? id : throw new ArgumentException($"'{text}' is not a job id.", nameof(text));

    /// <summary>Whether a text has a NUL character, which PostgreSQL text can't hold (it would fail the statement with 22021).</summary>
    public static bool HasNul(string text) => text.Contains('\0', StringComparison.Ordinal);
}
