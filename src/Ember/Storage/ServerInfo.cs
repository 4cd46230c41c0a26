namespace Ember.Storage;

/// <summary>A registered server, as the registry sees it.</summary>
/// <param name="ServerId">Unique per server instance.</param>
/// <param name="Name">A readable name.</param>
/// <param name="WorkerCount">How many jobs it runs at once.</param>
/// <param name="Queues">The queues it takes jobs from, in order.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="LastHeartbeat">When it last reported.</param>
public sealed record ServerInfo(string ServerId, string Name, int WorkerCount, IReadOnlyList<string> Queues, DateTimeOffset StartedAt, DateTimeOffset LastHeartbeat);
