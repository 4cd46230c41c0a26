using Ember.Storage;

namespace Ember;

/// <summary>A job about to run on a server. Filters may reschedule or delete it instead.</summary>
public sealed class PerformingContext
{
    private readonly IJobStore _store;
    private readonly string _leaseToken;

    private readonly Server.RunArguments _run;

    internal PerformingContext(string jobId, Job job, int attempt, string leaseToken, IJobStore store, TimeProvider time, Server.RunArguments run, CancellationToken cancellationToken)
    {
        _run = run;
        JobId = jobId;
        Job = job;
        Attempt = attempt;
        _leaseToken = leaseToken;
        _store = store;
        Time = time;
        CancellationToken = cancellationToken;
    }

    /// <summary>The job's id.</summary>
    public string JobId { get; }

    /// <summary>What the job calls.</summary>
    public Job Job { get; }

    /// <summary>How many times the job has started, this run included.</summary>
    public int Attempt { get; }

    /// <summary>The run's token (shutdown, delete, timeout).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The server's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Values filters pass to their <see cref="IServerFilter.OnPerformedAsync"/>.</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>();

    internal StateChange? Outcome { get; private set; }

    /// <summary>Doesn't run the job now: schedules it again after <paramref name="delay"/>.</summary>
    public void Reschedule(TimeSpan delay, string reason) =>
        Outcome = StateChange.Scheduled(HistoryKind.ChosenByFilter, Time.GetUtcNow() + delay, reason);

    /// <summary>Doesn't run the job: deletes it (the server sets its expiry).</summary>
    public void Delete(string reason) => Outcome = new StateChange { State = JobState.Deleted, Kind = HistoryKind.ChosenByFilter, Reason = reason }; // the runner fills in the expiry (WithExpiryFilled)

    /// <summary>
    /// Takes a named mutex for this run without waiting; false when another live run holds it. The mutex is freed by
    /// <see cref="ReleaseMutexAsync"/>, or on its own once this run is over, even if its server dies.
    /// </summary>
    public Task<bool> TryAcquireMutexAsync(string name) => _store.TryAcquireMutexAsync(new MutexRequest(name, JobId, _leaseToken), CancellationToken.None);

    /// <summary>Releases a mutex this run holds.</summary>
    public Task ReleaseMutexAsync(string name) => _store.ReleaseMutexAsync(new MutexRequest(name, JobId, _leaseToken), CancellationToken.None);

    /// <summary>When the job last moved to Enqueued (its latest history entry in that state), or null when its history doesn't say.</summary>
    internal async Task<DateTimeOffset?> EnqueuedAtAsync()
    {
        var details = await _store.Queries.GetJobAsync(JobId, CancellationToken).ConfigureAwait(false);
        return details?.History.LastOrDefault(h => h.State == JobState.Enqueued)?.At;
    }

    /// <summary>A parameter stored with the job (by a filter, an earlier run or the job), or the type's default.</summary>
    public ValueTask<T?> GetJobParameterAsync<T>(string name) => _run.Context.GetJobParameterAsync<T>(name);

    /// <summary>Stores a parameter with the job at once (null removes it); the job reads it from its <see cref="Server.PerformContext"/>.</summary>
    public Task SetJobParameterAsync<T>(string name, T value) => _run.Context.SetJobParameterAsync(name, value);
}
