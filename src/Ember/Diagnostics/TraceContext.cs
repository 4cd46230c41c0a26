using System.Diagnostics;
using System.Text.Json;

namespace Ember;

/// <summary>
/// The W3C trace context of an activity, written into a job's parameters at enqueue and read back at run time, through
/// the process's <see cref="DistributedContextPropagator"/> (W3C traceparent, tracestate and baggage by default), so
/// the run joins the enqueuer's trace in whatever process, and on whatever attempt, it runs.
/// </summary>
internal static class TraceContext
{
    /// <summary>The headers that carry <paramref name="activity"/>'s context, as the parameter's JSON value.</summary>
    public static string? Serialize(Activity activity)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, name, value) =>
        {
            if (carrier is Dictionary<string, string> map && value is not null) map[name] = value;
        });
        return headers.Count == 0 ? null : JsonSerializer.Serialize(headers);
    }

    /// <summary>The context stored with a job (default when none or unreadable) and its baggage.</summary>
    public static (ActivityContext Context, IEnumerable<KeyValuePair<string, string?>>? Baggage) Read(IReadOnlyDictionary<string, string>? parameters)
    {
        if (parameters is null || !parameters.TryGetValue(EmberDiagnostics.TraceContextParameter, out var json)) return default;
        Dictionary<string, string>? headers;
        try
        {
            headers = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException)
        {
            return default; // a parameter overwritten by hand must not fail the job
        }
        if (headers is null) return default;
        var propagator = DistributedContextPropagator.Current;
        propagator.ExtractTraceIdAndState(headers, Getter, out var traceParent, out var traceState);
        if (!ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context)) return default;
        return (context, propagator.ExtractBaggage(headers, Getter));
    }

    private static void Getter(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        values = null;
        value = carrier is Dictionary<string, string> map && map.TryGetValue(name, out var found) ? found : null;
    }
}
