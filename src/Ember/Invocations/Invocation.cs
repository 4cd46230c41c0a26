using System.Buffers;
using System.Reflection;
using System.Text.Json;

namespace Ember.Invocations;

/// <summary>
/// A job as stored: type, method, parameter types and JSON arguments, in one JSON document such as
/// <c>{"type":"MyApp.Mailer, MyApp","method":"SendAsync","parameterTypes":["System.Int32, System.Private.CoreLib"],"arguments":[42]}</c>.
/// Arguments the server fills at run time (<see cref="RunTimeArgument"/>: the job's token, its context, a parent's
/// result) are stored as null. A job enqueued with culture capture on also carries the enqueuer's cultures
/// (<c>"culture":"fr-FR","uiCulture":"de-DE"</c>, the second only when it differs): the run puts them back.
/// </summary>
/// <param name="Type">The stored name of the type (see <see cref="TypeNames"/>).</param>
/// <param name="Method">The method name.</param>
/// <param name="ParameterTypes">The stored names of the parameter types, to pick the right overload.</param>
/// <param name="GenericArguments">The stored names of a generic method's type arguments; empty otherwise.</param>
/// <param name="Arguments">The arguments, one JSON value each.</param>
public sealed record Invocation(string Type, string Method, IReadOnlyList<string> ParameterTypes, IReadOnlyList<string> GenericArguments, IReadOnlyList<JsonElement> Arguments)
{
    /// <summary>
    /// The name of the <see cref="System.Globalization.CultureInfo.CurrentCulture"/> the job was enqueued in ("" for the
    /// invariant culture); null when it wasn't captured (<see cref="EmberOptions.CaptureCulture"/>, recurring jobs).
    /// </summary>
    public string? Culture { get; init; }

    /// <summary>The name of the enqueuer's <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>; null when it wasn't captured.</summary>
    public string? UICulture { get; init; }

    /// <summary>Serializes a job's call: its arguments with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">An argument can't be serialized; the message names it.</exception>
    public static string Serialize(Job job, JsonSerializerOptions options) => Serialize(job, options, captureCulture: false);

    /// <summary>
    /// Serializes a job's call, with the current cultures when <paramref name="captureCulture"/>: kept in the
    /// invocation, which every store writes anyway, they cost a job a few bytes rather than a parameter set of its own.
    /// </summary>
    internal static string Serialize(Job job, JsonSerializerOptions options, bool captureCulture)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        var method = job.Method;
        var parameters = method.GetParameters();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, TypeNames.Of(job.Type));
            writer.WriteString("method"u8, method.Name);
            writer.WriteStartArray("parameterTypes"u8);
            foreach (var parameter in parameters) writer.WriteStringValue(TypeNames.Of(parameter.ParameterType));
            writer.WriteEndArray();
            if (method.IsGenericMethod)
            {
                writer.WriteStartArray("genericArguments"u8);
                foreach (var argument in method.GetGenericArguments()) writer.WriteStringValue(TypeNames.Of(argument));
                writer.WriteEndArray();
            }
            writer.WriteStartArray("arguments"u8);
            for (var i = 0; i < parameters.Length; i++)
                WriteArgument(writer, parameters[i], job.Arguments[i], method, options);
            writer.WriteEndArray();
            if (captureCulture)
            {
                var (culture, uiCulture) = (System.Globalization.CultureInfo.CurrentCulture.Name, System.Globalization.CultureInfo.CurrentUICulture.Name);
                writer.WriteString("culture"u8, culture);
                if (!string.Equals(culture, uiCulture, StringComparison.Ordinal)) writer.WriteString("uiCulture"u8, uiCulture);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a stored invocation.</summary>
    /// <exception cref="JobLoadException">The text is not a stored invocation.</exception>
    public static Invocation Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var culture = root.TryGetProperty("culture", out var captured) ? captured.GetString() : null;
            return new Invocation(
                root.GetProperty("type").GetString()!,
                root.GetProperty("method").GetString()!,
                root.GetProperty("parameterTypes").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                root.TryGetProperty("genericArguments", out var generic) ? generic.EnumerateArray().Select(e => e.GetString()!).ToArray() : [],
                root.GetProperty("arguments").EnumerateArray().Select(e => e.Clone()).ToArray())
            {
                Culture = culture,
                UICulture = root.TryGetProperty("uiCulture", out var uiCulture) ? uiCulture.GetString() : culture,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new JobLoadException($"The stored invocation is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>A readable form for logs and the dashboard, e.g. <c>Mailer.SendAsync(42, "a@b.c")</c>.</summary>
    public override string ToString()
    {
        var shortType = Type.Split(',')[0];
        shortType = shortType[(shortType.LastIndexOf('.') + 1)..];
        return $"{shortType}.{Method}({string.Join(", ", Arguments.Select(a => a.GetRawText()))})";
    }

    private static void WriteArgument(Utf8JsonWriter writer, ParameterInfo parameter, object? value, MethodInfo method, JsonSerializerOptions options)
    {
        if (RunTimeArguments.KindOf(parameter) != RunTimeArgument.None)
        {
            writer.WriteNullValue();
            return;
        }
        try
        {
            JsonSerializer.Serialize(writer, value, parameter.ParameterType, options);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException($"Argument '{parameter.Name}' of {method.DeclaringType?.Name}.{method.Name} can't be serialized to JSON ({ex.Message}). Pass plain data (ids, strings, records) and load the rest inside the job.", parameter.Name, ex);
        }
    }
}
