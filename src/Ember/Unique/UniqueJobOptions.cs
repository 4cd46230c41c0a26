namespace Ember;

/// <summary>
/// Makes a job unique by a key: while a job created with the same key is in one of <see cref="States"/> (and, with a
/// <see cref="Period"/>, was created within it), creating another returns that job's id instead of storing a new one.
/// The store enforces it in the same transaction (or Lua script) as the insert, so concurrent clients race safely.
/// </summary>
public sealed record UniqueJobOptions
{
    /// <summary>The longest key accepted, in characters: keys are stored and indexed as they are.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The states a job holds its key in, by default: waiting or running.</summary>
    public static readonly IReadOnlyList<JobState> DefaultStates = [JobState.Enqueued, JobState.Scheduled, JobState.Processing];

    /// <summary>Creates the options for a key.</summary>
    /// <param name="key">The key: one to <see cref="MaxKeyLength"/> characters, e.g. <c>"invoice:42"</c>.</param>
    public UniqueJobOptions(string key) => Key = key;

    /// <summary>The key; compared as an ordinal string across every queue and method.</summary>
    public string Key { get; init; }

    /// <summary>The states in which an existing job with the key blocks a new one. Default <see cref="DefaultStates"/>
    /// (Enqueued, Scheduled, Processing); add Awaiting, Succeeded, Failed or Deleted as needed.</summary>
    public IReadOnlyList<JobState> States { get; init; } = DefaultStates;

    /// <summary>Only jobs created within this long before the new one block it (Oban's <c>unique: [period: ...]</c>);
    /// null (the default) for any age.</summary>
    public TimeSpan? Period { get; init; }

    /// <summary>
    /// Debounce (BullMQ's): when the job holding the key is still Scheduled, the new job's invocation (its arguments)
    /// and due time replace the holder's instead of being dropped, so a burst of enqueues runs once, with the last
    /// arguments, after the last one's delay. The new job must be Scheduled. Default false.
    /// </summary>
    public bool Debounce { get; init; }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the options can't be stored: an empty or too long key, no state, a
    /// period that isn't positive.
    /// </summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Key))
            throw new ArgumentException("A unique job's key is empty: give a key such as \"invoice:42\" (UniqueJobOptions.Key).", nameof(Key));
        if (Key.Length > MaxKeyLength)
            throw new ArgumentException(
                $"The unique key '{Key[..40]}…' has {Key.Length} characters; at most {MaxKeyLength} are accepted. Use a shorter key, e.g. a hash of the long part.", nameof(Key));
        if (States is null || States.Count == 0)
            throw new ArgumentException($"The unique key '{Key}' names no state to be unique in: give at least one (default: Enqueued, Scheduled, Processing).", nameof(States));
        foreach (var state in States)
            if (!Enum.IsDefined(state)) throw new ArgumentException($"The unique key '{Key}' names an unknown state {(int)state}.", nameof(States));
        if (Period is { } period && period <= TimeSpan.Zero)
            throw new ArgumentException($"The unique key '{Key}' has a period of {period}; give a positive period, or null for any age.", nameof(Period));
    }

    /// <summary>Whether <paramref name="state"/> is one of <see cref="States"/>.</summary>
    public bool HoldsIn(JobState state)
    {
        foreach (var s in States) if (s == state) return true;
        return false;
    }

    /// <summary>The oldest creation time of a job that still blocks a new one created at <paramref name="now"/>; null for any.</summary>
    public DateTimeOffset? Since(DateTimeOffset now) => Period is { } period ? now - period : null;
}
