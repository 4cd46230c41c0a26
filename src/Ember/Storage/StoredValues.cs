using System.Collections.Frozen;
using System.Globalization;

namespace Ember.Storage;

/// <summary>
/// For store authors: how contract values are written as text and read back, the same in every store. Job ids are
/// plain decimal integers (anything else names no job), states and other contract enums are stored by name (readable
/// in the database, and refused with a clear error when a newer Ember wrote a name this one doesn't know).
/// </summary>
public static class StoredValues
{
    private static readonly Dictionary<JobState, string> StateNames = Enum.GetValues<JobState>().ToDictionary(s => s, s => s.ToString());
    private static readonly Dictionary<string, JobState> StatesByName = StateNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>A job id as text.</summary>
    public static string JobId(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a job id: plain decimal digits; anything else (signs, spaces, letters) names no job.</summary>
    public static bool TryParseJobId(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    /// <summary>A state's stored name, without formatting the enum each time.</summary>
    public static string Name(JobState state) => StateNames.TryGetValue(state, out var name) ? name : state.ToString();

    /// <summary>
    /// A misfire mode by Ember's name: the enum also has Hangfire's names for the same values, and which one
    /// <c>ToString</c> picks is not defined, so stored names stay the ones earlier versions wrote.
    /// </summary>
    public static string Name(MisfireHandlingMode mode) => mode switch
    {
        MisfireHandlingMode.RunAll => nameof(MisfireHandlingMode.RunAll),
        MisfireHandlingMode.Skip => nameof(MisfireHandlingMode.Skip),
        _ => nameof(MisfireHandlingMode.RunOnce),
    };

    /// <summary>Another contract enum (continuation options) by name.</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();

    /// <exception cref="InvalidOperationException">The name is not a state this Ember knows.</exception>
    public static JobState ParseState(string name) =>
        StatesByName.TryGetValue(name, out var state)
            ? state
            : throw new InvalidOperationException($"The store holds the unknown job state '{name}'; a newer Ember (or another application) may have written it.");

    /// <exception cref="InvalidOperationException">The name is not a value of <typeparamref name="TEnum"/>; the message names <paramref name="where"/>.</exception>
    public static TEnum ParseEnum<TEnum>(string name, string where) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(name, ignoreCase: false, out var value)
            ? value
            : throw new InvalidOperationException($"{where} holds the unknown {typeof(TEnum).Name} '{name}'; a newer Ember may have written it.");

    /// <summary>
    /// Reads a history kind stored as its number. A number this Ember doesn't know (written by a newer one) reads as
    /// <see cref="HistoryKind.Unspecified"/>: a kind labels an entry, and the entry's state and reason still say what happened.
    /// </summary>
    public static HistoryKind ParseKind(long value) =>
        value is >= short.MinValue and <= short.MaxValue && Enum.IsDefined((HistoryKind)(short)value) ? (HistoryKind)(short)value : HistoryKind.Unspecified;

    /// <summary>A duration in milliseconds as a double, which keeps whole ticks: ticks / 10,000 rounds back exactly.</summary>
    public static double DurationToMs(TimeSpan duration) => duration.Ticks / (double)TimeSpan.TicksPerMillisecond;

    /// <summary>The inverse of <see cref="DurationToMs"/>.</summary>
    public static TimeSpan DurationFromMs(double ms) => TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));

    /// <summary>
    /// Job parameters as one JSON object of strings (each value is the parameter's own JSON text), the way stores keep
    /// them in one field; a null value (a removal in an update) is written as JSON null, as a merge patch (RFC 7396)
    /// expects.
    /// </summary>
    public static string ParametersJson(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        // Jobs created together may share one frozen instance (their trace, BackgroundJobClient): written once per thread.
        if (parameters is FrozenDictionary<string, string> shared)
        {
            if (!ReferenceEquals(shared, s_lastWritten.Parameters)) s_lastWritten = (shared, WriteParametersJson(parameters));
            return s_lastWritten.Json;
        }
        return WriteParametersJson(parameters);
    }

    [ThreadStatic] private static (FrozenDictionary<string, string>? Parameters, string Json) s_lastWritten;

    [ThreadStatic] private static (string? Json, IReadOnlyDictionary<string, string> Parameters) s_lastParsed;

    private static string WriteParametersJson(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in parameters)
            {
                if (value is null) writer.WriteNull(name);
                else writer.WriteString(name, value);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>States as a JSON array of their stored names, e.g. <c>["Enqueued","Scheduled"]</c>: how a unique key's states reach SQL and Lua.</summary>
    public static string StatesJson(IEnumerable<JobState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        return "[" + string.Join(",", states.Select(s => "\"" + Name(s) + "\"")) + "]";
    }

    /// <summary>Reads what <see cref="ParametersJson"/> wrote (null or empty: no parameters); null members are left out.</summary>
    /// <remarks>
    /// The result is read-only and may be shared: a fetch of many jobs that carry the same parameters (their cultures)
    /// parses them once per thread.
    /// </remarks>
    public static IReadOnlyDictionary<string, string> ParseParameters(string? json)
    {
        if (string.IsNullOrEmpty(json) || json == "{}") return System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;
        if (string.Equals(json, s_lastParsed.Json, StringComparison.Ordinal)) return s_lastParsed.Parameters;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var document = System.Text.Json.JsonDocument.Parse(json))
        {
            foreach (var member in document.RootElement.EnumerateObject())
                if (member.Value.ValueKind == System.Text.Json.JsonValueKind.String) parameters[member.Name] = member.Value.GetString()!;
        }
        IReadOnlyDictionary<string, string> parsed = parameters.Count == 0
            ? System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty
            : new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(parameters);
        s_lastParsed = (json, parsed);
        return parsed;
    }
}
