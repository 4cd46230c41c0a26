namespace Ember.Storage;

/// <summary>A queue that holds enqueued jobs.</summary>
/// <param name="Name">The queue's name.</param>
/// <param name="Enqueued">How many jobs wait on it.</param>
public sealed record QueueInfo(string Name, long Enqueued)
{
    /// <summary>
    /// When the job at the head of the queue (the next one a server takes) became Enqueued, for the
    /// <c>ember.queue.oldest.age</c> gauge; null when the queue is empty or the store doesn't report it.
    /// </summary>
    public DateTimeOffset? OldestEnqueuedAt { get; init; }
}
