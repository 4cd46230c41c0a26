namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.RemoveDeadServersAsync"/>.</summary>
/// <param name="Timeout">Servers silent for longer than this are removed.</param>
public sealed record RemoveDeadServersRequest(TimeSpan Timeout);
