namespace Ember;

/// <summary>
/// A concurrency limit: at most <see cref="Limit"/> jobs carrying <see cref="Key"/> are Processing at any moment,
/// across every server. The store's fetch enforces it: a job whose key is full is not claimed (it stays Enqueued
/// without holding a worker) and jobs of other keys behind it are taken instead; it is claimed once a run of its key
/// ends. A limit set at run time (<see cref="Storage.IJobStore.SetConcurrencyLimitAsync"/>) overrides the job's own.
/// </summary>
public sealed record ConcurrencyLimit
{
    /// <summary>The longest key accepted, in characters: keys are stored and indexed as they are.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The limit of a key that has none, neither set at run time nor given by its job: one run at a time.</summary>
    public const int DefaultLimit = 1;

    /// <summary>Creates a limit for a key.</summary>
    /// <param name="key">The key: one to <see cref="MaxKeyLength"/> characters, e.g. <c>"tenant:42"</c>.</param>
    /// <param name="limit">At most this many runs of the key at once (1 or more); null to take the limit set at run time for the key, <see cref="DefaultLimit"/> until one is set.</param>
    public ConcurrencyLimit(string key, int? limit = null)
    {
        Key = key;
        Limit = limit;
    }

    /// <summary>The key; compared as an ordinal string across every queue and method.</summary>
    public string Key { get; init; }

    /// <summary>
    /// The most runs of the key at once, 1 or more; null for the limit set at run time for the key (Hangfire Ace's
    /// semaphores are configured so), or <see cref="DefaultLimit"/> while none is set.
    /// </summary>
    public int? Limit { get; init; }

    /// <summary>The limit that applies to a job carrying this: the one set at run time for the key first, then the job's own, then <see cref="DefaultLimit"/>.</summary>
    public int EffectiveLimit(int? setAtRunTime) => setAtRunTime ?? Limit ?? DefaultLimit;

    /// <summary>Throws <see cref="ArgumentException"/> when the limit can't be stored: an empty or too long key, a limit below 1.</summary>
    public void Validate()
    {
        ValidateKey(Key);
        if (Limit is { } limit) ValidateLimit(limit, Key);
    }

    /// <summary>Throws <see cref="ArgumentException"/> for an empty key or one over <see cref="MaxKeyLength"/> characters.</summary>
    public static void ValidateKey(string key)
    {
        if (string.IsNullOrEmpty(key))
            throw new ArgumentException("A concurrency key is empty: give a key such as \"tenant:42\" (ConcurrencyLimit.Key).", nameof(key));
        if (key.Length > MaxKeyLength)
            throw new ArgumentException(
                $"The concurrency key '{key[..40]}…' has {key.Length} characters; at most {MaxKeyLength} are accepted. Use a shorter key, e.g. a hash of the long part.", nameof(key));
        // PostgreSQL text can't hold NUL: refused on every store alike.
        if (key.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException($"The concurrency key '{key.Replace('\0', '?')}' contains a NUL character (\\0), which no store can keep: leave it out.", nameof(key));
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a limit below 1.</summary>
    public static void ValidateLimit(int limit, string key)
    {
        if (limit < 1)
            throw new ArgumentException(
                $"The concurrency limit of '{key}' is {limit}; give 1 or more (runs of the key at once). To hold a key's jobs, pause their queue instead.", nameof(limit));
    }
}
