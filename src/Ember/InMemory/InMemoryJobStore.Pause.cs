using Ember.Storage;

namespace Ember.InMemory;

public sealed partial class InMemoryJobStore
{
    /// <inheritdoc />
    public Task<bool> SetQueuePausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool changed;
        lock (_lock)
        {
            changed = request.Paused ? _pausedQueues.Add(request.Name) : _pausedQueues.Remove(request.Name);
            // Resumed: servers waiting for this queue hear of its jobs again.
            if (changed && !request.Paused && _enqueuedByQueue.TryGetValue(request.Name, out var ids) && ids.Count > 0) _enqueuedQueues.Add(request.Name);
        }
        FlushNotifications();
        return Task.FromResult(changed);
    }

    /// <inheritdoc />
    public Task<bool> SetRecurringJobPausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            if (!_recurring.TryGetValue(request.Name, out var recurring)) return Task.FromResult(false);
            _recurring[request.Name] = recurring with { Paused = request.Paused };
            return Task.FromResult(true);
        }
    }
}
