namespace Ember.Storage;

/// <summary>A concurrency key as the dashboard shows it: the limit set for it at run time, and the runs that hold its slots.</summary>
/// <param name="Key">The key.</param>
/// <param name="Limit">The limit set at run time (<see cref="IJobStore.SetConcurrencyLimitAsync"/>); null when each job's own limit applies.</param>
/// <param name="Holders">The ids of the Processing jobs carrying the key, oldest first.</param>
/// <param name="Waiting">How many Enqueued jobs carry the key.</param>
public sealed record ConcurrencyKeyInfo(string Key, int? Limit, IReadOnlyList<string> Holders, long Waiting);
