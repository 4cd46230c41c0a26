namespace Ember.Storage;

/// <summary>A queue that holds enqueued jobs.</summary>
/// <param name="Name">The queue's name.</param>
/// <param name="Enqueued">How many jobs wait on it.</param>
public sealed record QueueInfo(string Name, long Enqueued);
