using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ember.Tests.Support;

/// <summary>Records every "Ember" activity that stops while it lives. Tests run in parallel: filter by job id.</summary>
public sealed class ActivityCollector : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public ActivityCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EmberDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    /// <summary>
    /// The run spans of one job, oldest first, once <paramref name="count"/> have stopped. In-memory stores of tests
    /// running in parallel reuse ids: <paramref name="where"/> tells this test's spans apart (e.g. by trace id).
    /// </summary>
    public Task<IReadOnlyList<Activity>> RunsOfAsync(string jobId, Func<Activity, bool> where, int count = 1) =>
        Eventually.ReturnsAsync(() => Task.FromResult<IReadOnlyList<Activity>>(
                Stopped.Where(a => a.Kind == ActivityKind.Consumer && (string?)a.GetTagItem("ember.job.id") == jobId && where(a)).OrderBy(a => a.StartTimeUtc).ToArray()),
            runs => runs.Count >= count, what: $"{count} run span(s) of job {jobId}");

    public void Dispose() => _listener.Dispose();
}
