namespace Ember;

/// <summary>How to enqueue one job, for the <c>Enqueue</c> overloads that take options and answer an <see cref="EnqueueResult"/>.</summary>
public sealed record EnqueueOptions
{
    /// <summary>The queue; null for the method's <see cref="QueueAttribute"/> or <see cref="EmberOptions.DefaultQueue"/>.</summary>
    public string? Queue { get; init; }

    /// <summary>How long from now to enqueue it (the job is Scheduled until then); null enqueues it now.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>
    /// A unique key: while a job with this key is in one of <see cref="UniqueStates"/>, enqueueing returns that job's id
    /// (<see cref="EnqueueResult.Existing"/>) instead of creating one. At most <see cref="UniqueJobOptions.MaxKeyLength"/>
    /// characters. Null (the default) for the method's <see cref="UniqueJobAttribute"/>, if any.
    /// </summary>
    public string? UniqueKey { get; init; }

    /// <summary>The states in which a job holds its key; null for Enqueued, Scheduled and Processing.</summary>
    public IReadOnlyList<JobState>? UniqueStates { get; init; }

    /// <summary>Only jobs created within this long block a new one; null for any age.</summary>
    public TimeSpan? UniquePeriod { get; init; }

    /// <summary>
    /// How long each run of this job may take (its token fires past it, and the run fails with a
    /// <see cref="TimeoutException"/>); null for the method's <see cref="JobTimeoutAttribute"/>, else the server's
    /// JobTimeout. Stored as the job parameter <c>Timeout</c> (seconds).
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Rate limits on this job's start (e.g. <c>[new RateLimitOptions($"customer:{id}", 100, TimeSpan.FromMinutes(1))]</c>):
    /// over any of them, the job is Scheduled again for when they allow it, spending no retry. Null (the default) for
    /// the method's <see cref="RateLimitAttribute"/>s, if any; empty for none even when it has some. Kept as the job
    /// parameter <c>RateLimits</c>.
    /// </summary>
    public IReadOnlyList<RateLimitOptions>? RateLimits { get; init; }

    /// <summary>
    /// Debounce (BullMQ's), with <see cref="UniqueKey"/>: the job waits this long (Scheduled); an enqueue with the same
    /// key before it runs replaces its arguments and pushes its time back by as much, so a burst runs once, with the
    /// last arguments. Not with <see cref="Delay"/>.
    /// </summary>
    public TimeSpan? Debounce { get; init; }

    /// <summary>
    /// A concurrency key: at most <see cref="ConcurrencyLimit"/> jobs with this key run at once, across every server
    /// (see <see cref="Ember.ConcurrencyLimit"/>). At most <see cref="Ember.ConcurrencyLimit.MaxKeyLength"/> characters.
    /// Null (the default) for the method's <see cref="ConcurrencyKeyAttribute"/>, if any.
    /// </summary>
    public string? ConcurrencyKey { get; init; }

    /// <summary>
    /// With <see cref="ConcurrencyKey"/>: the most runs of the key at once, 1 or more; null for the limit set at run time
    /// for the key (1 until one is set).
    /// </summary>
    public int? ConcurrencyLimit { get; init; }

    internal Ember.ConcurrencyLimit? Concurrency => ConcurrencyKey is null ? null : new Ember.ConcurrencyLimit(ConcurrencyKey, ConcurrencyLimit);

    internal UniqueJobOptions? Unique => UniqueKey is null ? null : new UniqueJobOptions(UniqueKey)
    {
        States = UniqueStates ?? UniqueJobOptions.DefaultStates,
        Period = UniquePeriod,
        Debounce = Debounce is not null,
    };
}
