namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.SetQueuePausedAsync"/> and <see cref="IJobStore.SetRecurringJobPausedAsync"/>.</summary>
/// <param name="Name">The queue's name, or the recurring job's id.</param>
/// <param name="Paused">True to pause, false to resume.</param>
public sealed record SetPausedRequest(string Name, bool Paused);
