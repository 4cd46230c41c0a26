namespace Ember.Storage;

/// <summary>What a server tells the registry about itself on each heartbeat.</summary>
/// <param name="ServerId">Unique per server instance (a process may run several).</param>
/// <param name="Name">A readable name, by default host name and process id.</param>
/// <param name="WorkerCount">How many jobs it runs at once.</param>
/// <param name="Queues">The queues it takes jobs from, in order.</param>
/// <param name="StartedAt">When it started.</param>
public sealed record ServerHeartbeat(string ServerId, string Name, int WorkerCount, IReadOnlyList<string> Queues, DateTimeOffset StartedAt);
