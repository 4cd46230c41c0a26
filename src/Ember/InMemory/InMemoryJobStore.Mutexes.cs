using Ember.Storage;

namespace Ember.InMemory;

public sealed partial class InMemoryJobStore
{
    /// <inheritdoc />
    public Task<bool> TryAcquireMutexAsync(MutexRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = new HeldLease(request.JobId, request.LeaseToken);
        lock (_lock)
        {
            if (_mutexes.TryGetValue(request.Name, out var holder) && holder != run && Find(holder.JobId) is { State: JobState.Processing } held && held.LeaseToken == holder.LeaseToken)
                return Task.FromResult(false);
            _mutexes[request.Name] = run;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task ReleaseMutexAsync(MutexRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
            if (_mutexes.TryGetValue(request.Name, out var holder) && holder == new HeldLease(request.JobId, request.LeaseToken))
                _mutexes.Remove(request.Name);
        return Task.CompletedTask;
    }
}
