using System.Globalization;

namespace Ember.PostgreSql;

/// <summary>How contract values are written to and read from PostgreSQL columns.</summary>
internal static class PgValues
{
    private static readonly Dictionary<JobState, string> StateNames = Enum.GetValues<JobState>().ToDictionary(s => s, s => s.ToString());
    private static readonly Dictionary<string, JobState> StatesByName = StateNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string ToText(JobState state) => StateNames[state];

    public static JobState ToState(string text) =>
        StatesByName.TryGetValue(text, out var state)
            ? state
            : throw new InvalidOperationException($"The jobs table holds the unknown state '{text}'; a newer Ember may have written it.");

    /// <summary>An enum of the contract by name, readable in the table.</summary>
    public static string ToText<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();

    public static TEnum ToEnum<TEnum>(string text, string column) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(text, ignoreCase: false, out var value)
            ? value
            : throw new InvalidOperationException($"The column {column} holds the unknown {typeof(TEnum).Name} '{text}'; a newer Ember may have written it.");

    /// <summary>timestamptz parameters are written as UTC DateTime (Npgsql's mapping); the offset is not kept.</summary>
    public static DateTime ToDb(DateTimeOffset time) => time.UtcDateTime;

    public static DateTime? ToDb(DateTimeOffset? time) => time?.UtcDateTime;

    public static DateTimeOffset FromDb(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    // Milliseconds as double precision keep whole ticks: a double holds ticks / 10,000 closely enough to round back.
    public static double? ToDb(TimeSpan? duration) => duration is { } d ? d.Ticks / (double)TimeSpan.TicksPerMillisecond : null;

    public static TimeSpan DurationFromMs(double ms) => TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));

    /// <summary>Reads a job id as the in-memory store does: plain decimal digits, anything else names no job.</summary>
    public static bool TryParseId(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    /// <summary>An id already checked with <see cref="TryParseId"/>.</summary>
    public static long ParseKnownId(string text) =>
        TryParseId(text, out var id) ? id : throw new ArgumentException($"'{text}' is not a job id.", nameof(text));

    public static string IdText(long id) => id.ToString(CultureInfo.InvariantCulture);
}
