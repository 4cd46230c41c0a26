namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.SetConcurrencyLimitAsync"/>.</summary>
/// <param name="Key">The concurrency key (<see cref="ConcurrencyLimit.Key"/>).</param>
/// <param name="Limit">The most runs of the key at once, 1 or more, overriding the limit its jobs carry; null to remove the override, so that each job's own limit applies again.</param>
public sealed record SetConcurrencyLimitRequest(string Key, int? Limit)
{
    /// <summary>Throws <see cref="ArgumentException"/> for a key or limit that can't be stored (see <see cref="ConcurrencyLimit.Validate"/>).</summary>
    public void Validate()
    {
        ConcurrencyLimit.ValidateKey(Key);
        if (Limit is { } limit) ConcurrencyLimit.ValidateLimit(limit, Key);
    }
}
