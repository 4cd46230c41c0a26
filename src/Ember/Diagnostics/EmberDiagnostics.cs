using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ember;

/// <summary>
/// Tracing and metrics, both named "Ember": an activity per job run, and counters of jobs processed, by outcome.
/// Subscribe with OpenTelemetry's <c>AddSource("Ember")</c> and <c>AddMeter("Ember")</c>.
/// </summary>
public static class EmberDiagnostics
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Ember";

    internal static readonly ActivitySource ActivitySource = new(Name);
    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> JobsProcessed = Meter.CreateCounter<long>("ember.jobs.processed", "{job}", "Job runs finished, tagged by outcome state.");
    internal static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("ember.job.duration", "s", "How long job runs took.");
}
