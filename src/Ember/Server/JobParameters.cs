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

    public static T? Read<T>(IReadOnlyDictionary<string, string> parameters, string name, string jobId, JsonSerializerOptions options) =>
        (T?)Read(parameters, name, jobId, typeof(T), options);

    /// <summary>The parameter read as <paramref name="type"/>; the type's default when the job has no parameter of that name.</summary>
    public static object? Read(IReadOnlyDictionary<string, string> parameters, string name, string jobId, Type type, JsonSerializerOptions options)
    {
        if (!parameters.TryGetValue(name, out var json)) return type.IsValueType ? Activator.CreateInstance(type) : null;
        try
        {
            return JsonSerializer.Deserialize(json, type, options);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidOperationException($"Parameter '{name}' of job {jobId} can't be read as {type.Name} from {json}: {ex.Message}", ex);
        }
    }
}
