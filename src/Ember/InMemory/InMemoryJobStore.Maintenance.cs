using Ember.Storage;

namespace Ember.InMemory;

public sealed partial class InMemoryJobStore
{
    /// <inheritdoc />
    public Task<int> RescueExpiredLeasesAsync(RescueExpiredLeasesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        int count;
        lock (_lock)
        {
            var expired = _processing.Select(id => _jobs[id]).Where(j => j.LeaseExpiresAt <= now).OrderBy(j => j.Id).Take(request.MaxCount).ToList();
            foreach (var job in expired)
                Apply(job, StateChange.Enqueued(HistoryKind.Rescued, job.ServerId), now);
            count = expired.Count;
        }
        FlushNotifications();
        return Task.FromResult(count);
    }

    /// <inheritdoc />
    public Task<int> EnqueueDueScheduledAsync(EnqueueDueScheduledRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        int count;
        lock (_lock)
        {
            var due = _scheduled.TakeWhile(s => s.At <= now).Take(request.MaxCount).ToList();
            foreach (var (_, id) in due)
                Apply(_jobs[id], StateChange.Enqueued(HistoryKind.Due), now);
            count = due.Count;
        }
        FlushNotifications();
        return Task.FromResult(count);
    }

    /// <inheritdoc />
    public Task<int> DeleteExpiredJobsAsync(DeleteExpiredJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var expired = _expiring.TakeWhile(s => s.At <= now).Take(request.MaxCount).ToList();
            foreach (var (_, id) in expired)
            {
                var job = _jobs[id];
                Unindex(job);
                _statistics.Removed(job.State);
                _jobs.Remove(id);
                _continuations.Remove(id);
                if (job.UniqueKey is { } key && _uniqueKeys.TryGetValue(key, out var holders) && holders.Remove(id) && holders.Count == 0) _uniqueKeys.Remove(key);
                foreach (var parent in job.ParentIds ?? (IEnumerable<long>)[])
                    if (_continuations.TryGetValue(parent, out var siblings)) siblings.Remove(id);
                if (job.BatchId is { } batchId)
                {
                    _batches[batchId].Jobs.Remove(id);
                    PruneIfEmpty(batchId);
                }
            }
            // A batch created without members has no job to be pruned with: it goes at its own expiry, and a batch
            // holding only such batches after it (PruneIfEmpty walks up).
            foreach (var (_, batchId) in _expiringBatches.TakeWhile(s => s.At <= now).Take(request.MaxCount).ToList())
                PruneIfEmpty(batchId);
            _statistics.Prune(now);
            PruneRateLimits(now);
            return Task.FromResult(expired.Count);
        }
    }

    /// <inheritdoc />
    public Task HeartbeatAsync(ServerHeartbeat heartbeat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        var now = _time.GetUtcNow();
        lock (_lock)
            _servers[heartbeat.ServerId] = new ServerInfo(heartbeat.ServerId, heartbeat.Name, heartbeat.WorkerCount, heartbeat.Queues.ToArray(), heartbeat.StartedAt, now);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveServerAsync(string serverId, CancellationToken cancellationToken = default)
    {
        lock (_lock) _servers.Remove(serverId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> RemoveDeadServersAsync(RemoveDeadServersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cutoff = _time.GetUtcNow() - request.Timeout;
        lock (_lock)
        {
            var dead = _servers.Values.Where(s => s.LastHeartbeat < cutoff).Select(s => s.ServerId).ToList();
            foreach (var id in dead) _servers.Remove(id);
            return Task.FromResult(dead.Count);
        }
    }
}
