using Ember.Storage;

namespace Ember;

/// <summary>
/// Pause and resume queues, async, on the store (as registered by <c>AddEmber</c>); <see cref="IMonitoringApi.PauseQueue"/>
/// is the same call for Hangfire-shaped code.
/// </summary>
public static class QueuePauseExtensions
{
    /// <summary>
    /// Pauses a queue: from when this returns, no server fetches from it; its jobs stay Enqueued, and jobs still arrive.
    /// A queue may be paused before it has any job. Returns false when it already was paused.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid queue name.</exception>
    public static Task<bool> PauseQueueAsync(this IJobStore store, string queue, CancellationToken cancellationToken = default) =>
        SetAsync(store, queue, paused: true, cancellationToken);

    /// <summary>Resumes a paused queue: the servers that serve it take its jobs at once. Returns false when it wasn't paused.</summary>
    /// <exception cref="ArgumentException">The name is not a valid queue name.</exception>
    public static Task<bool> ResumeQueueAsync(this IJobStore store, string queue, CancellationToken cancellationToken = default) =>
        SetAsync(store, queue, paused: false, cancellationToken);

    private static Task<bool> SetAsync(IJobStore store, string queue, bool paused, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.SetQueuePausedAsync(new SetPausedRequest(QueueName.Validate(queue, "Queue"), paused), cancellationToken);
    }
}
