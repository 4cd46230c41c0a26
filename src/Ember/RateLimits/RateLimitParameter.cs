using System.Text;
using System.Text.Json;

namespace Ember;

/// <summary>
/// The job parameter that carries a job's rate limits from its enqueue to every server that runs it, so the store's
/// create and fetch need nothing new: a JSON array of <c>{"key","limit","periodMs","algorithm"}</c>.
/// </summary>
internal static class RateLimitParameter
{
    /// <summary>The job parameter's name.</summary>
    public const string Name = "RateLimits";

    /// <summary>The most limits one job may carry: each is one more key the store locks when the job starts.</summary>
    public const int MaxCount = 10;

    /// <summary>Checks <paramref name="limits"/> and writes them as the parameter's JSON value.</summary>
    /// <exception cref="ArgumentException">A limit is invalid, a key and algorithm appear twice, or there are too many.</exception>
    public static string Write(IReadOnlyList<RateLimitOptions> limits)
    {
        Validate(limits);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var limit in limits)
            {
                json.WriteStartObject();
                json.WriteString("key", limit.Key);
                json.WriteNumber("limit", limit.Limit);
                json.WriteNumber("periodMs", limit.PeriodMilliseconds);
                json.WriteString("algorithm", limit.Algorithm.ToString());
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Throws <see cref="ArgumentException"/> for limits a job can't carry.</summary>
    public static void Validate(IReadOnlyList<RateLimitOptions> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.Count > MaxCount)
            throw new ArgumentException($"A job carries {limits.Count} rate limits; at most {MaxCount} are accepted.", nameof(limits));
        for (var i = 0; i < limits.Count; i++)
        {
            var limit = limits[i] ?? throw new ArgumentException("A rate limit is null.", nameof(limits));
            limit.Validate();
            for (var j = 0; j < i; j++)
                if (limits[j].Algorithm == limit.Algorithm && string.Equals(limits[j].Key, limit.Key, StringComparison.Ordinal))
                    throw new ArgumentException(
                        $"The rate limit key '{limit.Key}' is given twice with {limit.Algorithm}; a key has one count per algorithm, so give it once (or use two keys).", nameof(limits));
        }
    }

    /// <summary>The limits the job was enqueued with: null when it has no such parameter, empty when it was enqueued with none.</summary>
    /// <exception cref="FormatException">The parameter isn't what Ember writes (edited by hand, or a newer Ember's).</exception>
    public static RateLimitOptions[]? Read(IReadOnlyDictionary<string, string>? parameters)
    {
        if (parameters is null || !parameters.TryGetValue(Name, out var text)) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var items = document.RootElement;
            var limits = new RateLimitOptions[items.GetArrayLength()];
            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                limits[i++] = new RateLimitOptions(
                    item.GetProperty("key").GetString()!, item.GetProperty("limit").GetInt32(), TimeSpan.FromMilliseconds(item.GetProperty("periodMs").GetInt64()))
                {
                    Algorithm = Enum.Parse<RateLimitAlgorithm>(item.GetProperty("algorithm").GetString()!),
                };
            }
            Validate(limits);
            return limits;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException or FormatException)
        {
            throw new FormatException($"The job parameter {Name} is not a list of rate limits Ember can read ({ex.Message}): {text}", ex);
        }
    }
}
