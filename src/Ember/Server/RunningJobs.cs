using System.Collections.Concurrent;
using Ember.Storage;

namespace Ember.Server;

/// <summary>The jobs a server holds a lease on: running, or finished with their outcome not yet written.</summary>
internal sealed class RunningJobs
{
    private readonly ConcurrentDictionary<string, RunningJob> _jobs = new(StringComparer.Ordinal);

    public int Count => _jobs.Count;

    public void Add(RunningJob job) => _jobs[job.Fetched.Id] = job;

    public void Remove(RunningJob job)
    {
        if (_jobs.TryRemove(new KeyValuePair<string, RunningJob>(job.Fetched.Id, job))) job.Dispose();
    }

    public HeldLease[] Leases() => _jobs.Values.Select(job => job.Lease).ToArray();

    /// <summary>Cancels the runs of jobs the store says this server no longer holds.</summary>
    public void LoseLeases(IEnumerable<string> jobIds)
    {
        foreach (var id in jobIds)
            if (_jobs.TryGetValue(id, out var job)) job.LoseLease();
    }
}
