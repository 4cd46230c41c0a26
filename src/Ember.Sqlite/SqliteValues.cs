using System.Globalization;

namespace Ember.Sqlite;

/// <summary>How contract values are written to and read from SQLite columns.</summary>
internal static class SqliteValues
{
    private static readonly Dictionary<JobState, string> StateNames = Enum.GetValues<JobState>().ToDictionary(s => s, s => s.ToString());
    private static readonly Dictionary<string, JobState> StatesByName = StateNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string ToText(JobState state) => StateNames[state];

    public static JobState ToState(string text) =>
        StatesByName.TryGetValue(text, out var state)
            ? state
            : throw new InvalidOperationException($"The jobs table holds the unknown state '{text}'; a newer Ember may have written it.");

    /// <summary>
    /// Writes an enum of the contract (continuation options, misfire handling) by name, readable in the file; a value
    /// the enum does not define is written as its number and read back as such.
    /// </summary>
    public static string ToText<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();

    public static TEnum ToEnum<TEnum>(string text, string column) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(text, ignoreCase: false, out var value)
            ? value
            : throw new InvalidOperationException($"The column {column} holds the unknown {typeof(TEnum).Name} '{text}'; a newer Ember may have written it.");

    /// <summary>
    /// Encodes states for <c>instr($expected, '|' || state || '|')</c>: one parameter for any number of states, so
    /// one prepared statement serves every compare-and-set.
    /// </summary>
    public static string ToStateSet(IEnumerable<JobState> states) => "|" + string.Concat(states.Select(s => ToText(s) + "|"));

    public static long ToMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static object ToDb(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : DBNull.Value;

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    // Milliseconds as REAL keep whole ticks: a double holds ticks / 10,000 closely enough to round back exactly.
    public static object ToDb(TimeSpan? duration) => duration is { } d ? d.Ticks / (double)TimeSpan.TicksPerMillisecond : DBNull.Value;

    public static TimeSpan DurationFromMs(double ms) => TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));

    /// <summary>Reads a job id as the in-memory store does: plain decimal digits, anything else names no job.</summary>
    public static bool TryParseId(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    public static string IdText(long id) => id.ToString(CultureInfo.InvariantCulture);
}
