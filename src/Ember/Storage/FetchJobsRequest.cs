namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.FetchJobsAsync"/>.</summary>
/// <param name="ServerId">The server that will hold the leases.</param>
/// <param name="Queues">Queues to take from, in priority order.</param>
/// <param name="Count">The most jobs to claim: the server's free worker slots.</param>
/// <param name="LeaseDuration">How long the lease lasts unless extended.</param>
public sealed record FetchJobsRequest(string ServerId, IReadOnlyList<string> Queues, int Count, TimeSpan LeaseDuration);
