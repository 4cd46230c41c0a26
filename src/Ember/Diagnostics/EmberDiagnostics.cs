using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ember;

/// <summary>
/// Tracing and metrics, both named "Ember" (docs/observability.md lists every span, attribute and instrument).
/// Subscribe with OpenTelemetry's <c>AddSource("Ember")</c> and <c>AddMeter("Ember")</c>; with nothing subscribed
/// they cost a check per call.
/// </summary>
public static class EmberDiagnostics
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Ember";

    /// <summary>
    /// The reserved job parameter that carries the enqueuer's W3C trace context (traceparent, tracestate, baggage) to
    /// the job's runs, as a JSON object of those headers. Set at enqueue when there is a current activity.
    /// </summary>
    public const string TraceContextParameter = "ember.trace_context";

    internal static readonly ActivitySource ActivitySource = new(Name);
    internal static readonly Meter Meter = new(Name);
}
