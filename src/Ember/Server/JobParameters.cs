using System.Text.Json;

namespace Ember.Server;

/// <summary>How job parameters are written to and read from their stored JSON, with errors that name the job and the parameter.</summary>
internal static class JobParameters
{
    public static string? Write<T>(T value, string name, string jobId, JsonSerializerOptions options)
    {
        if (value is null) return null;
        try
        {
            return JsonSerializer.Serialize(value, value.GetType(), options);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException($"Parameter '{name}' of job {jobId} can't be serialized to JSON ({ex.Message}). Store plain data (ids, strings, records).", nameof(value), ex);
        }
    }

    public static T? Read<T>(IReadOnlyDictionary<string, string> parameters, string name, string jobId, JsonSerializerOptions options)
    {
        if (!parameters.TryGetValue(name, out var json)) return default;
        try
        {
            return JsonSerializer.Deserialize<T>(json, options);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidOperationException($"Parameter '{name}' of job {jobId} can't be read as {typeof(T).Name} from {json}: {ex.Message}", ex);
        }
    }
}
