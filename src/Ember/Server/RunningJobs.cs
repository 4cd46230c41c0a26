using System.Collections.Concurrent;
using Ember.Storage;

namespace Ember.Server;

/// <summary>The jobs a server holds a lease on: running, or finished with their outcome not yet written.</summary>
internal sealed class RunningJobs
{
    // Keyed by lease, not job id: a requeued job may be fetched again by this server while its old run winds down.
    private readonly ConcurrentDictionary<HeldLease, RunningJob> _jobs = new();

    public int Count => _jobs.Count;

    public void Add(RunningJob job) => _jobs[job.Lease] = job;

    public void Remove(RunningJob job)
    {
        if (!_jobs.TryRemove(job.Lease, out _)) return;
        job.Dispose();
        job.OnReleased?.Invoke();
    }

    public RunningJob[] Snapshot() => _jobs.Values.ToArray();

    /// <summary>Cancels the runs whose leases the store says this server no longer holds.</summary>
    public void LoseLeases(IEnumerable<HeldLease> leases)
    {
        foreach (var lease in leases)
            if (_jobs.TryGetValue(lease, out var job)) job.LoseLease();
    }
}
