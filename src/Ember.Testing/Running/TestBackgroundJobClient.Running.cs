namespace Ember.Testing;

public sealed partial class TestBackgroundJobClient
{
    /// <summary>
    /// Runs every pending job inline, oldest first, and the jobs those create, until none is due; returns what ran.
    /// A job runs as on a server: resolved from the services in a scope of its own (or the activator), through
    /// Ember's filters and retry policy, with its outcome stored. When a job finishes, the store releases its
    /// continuations by Ember's rules (<see cref="Storage.ContinuationRules"/>), and those released run in the same
    /// call: after success by default; after a failure (out of retries) or a delete only those whose options say so,
    /// the others being deleted. Scheduled jobs and retries run once <see cref="TimeProvider"/> has passed their time:
    /// advance a fake clock, then call this again.
    /// </summary>
    /// <exception cref="InvalidOperationException">More than <see cref="EmberTestingOptions.MaxRunsPerCall"/> runs were needed.</exception>
    /// <remarks>
    /// With <see cref="EmberTestingOptions.RethrowJobExceptions"/>, the first failing job's exception is thrown instead,
    /// once its outcome is stored. A call made while jobs are already running in the same flow (from inside a job)
    /// returns an empty summary at once: the outer call runs the new jobs. Concurrent calls take turns.
    /// </remarks>
    public Task<JobRunSummary> RunPendingAsync(CancellationToken cancellationToken = default) => RunPendingAsync(null, cancellationToken);

    /// <summary>Runs the pending jobs of <paramref name="queues"/> only; see <see cref="RunPendingAsync(CancellationToken)"/>.</summary>
    /// <param name="queues">The queues to run; null for all of them.</param>
    /// <param name="cancellationToken">Cancels the call; the running job's token fires and the job goes back to its queue.</param>
    public async Task<JobRunSummary> RunPendingAsync(IEnumerable<string>? queues, CancellationToken cancellationToken = default)
    {
        var only = queues?.ToHashSet(StringComparer.Ordinal);
        if (_insideRun.Value) return new JobRunSummary([]);
        await _runLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _insideRun.Value = true;
            return await _runner.RunPendingAsync(only, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _insideRun.Value = false;
            _runLock.Release();
        }
    }

    /// <summary>Runs every pending job inline; the synchronous form of <see cref="RunPendingAsync(CancellationToken)"/>.</summary>
    public JobRunSummary RunPending() => RunSync(null);

    /// <summary>Runs the pending jobs of the given queues inline; see <see cref="RunPendingAsync(CancellationToken)"/>.</summary>
    /// <param name="queues">The queues to run, e.g. <c>RunPending("critical")</c>; none for all of them.</param>
    public JobRunSummary RunPending(params string[] queues)
    {
        ArgumentNullException.ThrowIfNull(queues);
        return RunSync(queues.Length == 0 ? null : queues);
    }

    // On the thread pool, so that a caller's synchronization context (a UI test runner's) can't deadlock the jobs'
    // own awaits. The execution context flows, and with it the static facades' scope.
    private JobRunSummary RunSync(string[]? queues) =>
        Task.Run(() => RunPendingAsync(queues, CancellationToken.None)).GetAwaiter().GetResult();
}
