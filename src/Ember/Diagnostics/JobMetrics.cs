using System.Diagnostics.Metrics;

namespace Ember;

/// <summary>
/// The instruments of the "Ember" meter that count jobs and runs. Each is tagged by queue
/// (<c>messaging.destination.name</c>) and, where it has one, outcome. Recording checks <c>Enabled</c> first, so a
/// process that collects nothing builds no tag lists.
/// </summary>
internal static class JobMetrics
{
    public static readonly Counter<long> Enqueued = EmberDiagnostics.Meter.CreateCounter<long>("ember.jobs.enqueued", "{job}", "Jobs created, by queue and initial state (Enqueued, Scheduled, Awaiting).");
    public static readonly Counter<long> Started = EmberDiagnostics.Meter.CreateCounter<long>("ember.jobs.started", "{job}", "Runs started, by queue.");
    public static readonly Counter<long> Processed = EmberDiagnostics.Meter.CreateCounter<long>("ember.jobs.processed", "{job}", "Runs finished, by queue and outcome (succeeded, failed, retried, deleted, handed_back, scheduled, requeued).");
    public static readonly Counter<long> RateLimited = EmberDiagnostics.Meter.CreateCounter<long>("ember.jobs.rate_limited", "{job}", "Runs not started because a rate limit allowed no more starts (the job was scheduled for when it does), by queue; counted in neither ember.jobs.started nor ember.jobs.processed.");
    public static readonly Counter<long> Rescued = EmberDiagnostics.Meter.CreateCounter<long>("ember.jobs.rescued", "{job}", "Jobs put back in their queue because their server stopped renewing their lease.");
    public static readonly Histogram<double> Duration = EmberDiagnostics.Meter.CreateHistogram<double>("ember.job.duration", "s", "How long runs took, by queue and outcome.");
    public static readonly Histogram<double> Wait = EmberDiagnostics.Meter.CreateHistogram<double>("ember.job.wait.duration", "s", "From a job's creation to the start of its first run, by queue.");

    // Observed rather than added to: a collector that starts while jobs run still reads the true figure.
    private static long _busyWorkers;

    public static readonly ObservableUpDownCounter<long> BusyWorkers = EmberDiagnostics.Meter.CreateObservableUpDownCounter(
        "ember.server.workers.busy", () => Interlocked.Read(ref _busyWorkers), "{worker}", "Workers running a job now, in this process (all its servers).");

    public static void WorkerBusy() => Interlocked.Increment(ref _busyWorkers);

    public static void WorkerFree() => Interlocked.Decrement(ref _busyWorkers);
}
