namespace Ember;

/// <summary>A job to create through <see cref="IBackgroundJobClient.CreateAsync"/>.</summary>
public sealed record CreateJobRequest
{
    /// <summary>What to call.</summary>
    public required Job Job { get; init; }

    /// <summary>The queue; null for <see cref="EmberOptions.DefaultQueue"/>.</summary>
    public string? Queue { get; init; }

    /// <summary>When to enqueue it; null enqueues it now. A time in the past makes it due at once.</summary>
    public DateTimeOffset? EnqueueAt { get; init; }

    /// <summary>Or: how long from now (by the client's clock) to enqueue it. Not negative; not with <see cref="EnqueueAt"/>.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Makes the job a continuation of this job: it waits (Awaiting) until the parent finishes.</summary>
    public string? ParentId { get; init; }

    /// <summary>
    /// Or: makes the job a continuation of all these jobs or batches (fan-in): it waits until the last has finished,
    /// and runs if every one finished in an outcome <see cref="ContinuationOptions"/> names. Not with <see cref="ParentId"/>.
    /// </summary>
    public IReadOnlyList<string>? ParentIds { get; init; }

    /// <summary>For a continuation: the parent outcomes it runs after. Default: OnlyOnSucceededState.</summary>
    public JobContinuationOptions ContinuationOptions { get; init; } = JobContinuationOptions.OnlyOnSucceededState;

    /// <summary>
    /// Makes the job unique by a key (see <see cref="UniqueJobOptions"/>); null for the method's
    /// <see cref="UniqueJobAttribute"/>, if any.
    /// </summary>
    public UniqueJobOptions? Unique { get; init; }

    /// <summary>
    /// Puts the job under a concurrency limit (see <see cref="ConcurrencyLimit"/>); null for the method's
    /// <see cref="ConcurrencyKeyAttribute"/>, or its <see cref="DisableConcurrentExecutionAttribute"/> (a limit of 1 on the method), if any.
    /// </summary>
    public ConcurrencyLimit? Concurrency { get; init; }

    /// <summary>How long each run may take; null for the method's <see cref="JobTimeoutAttribute"/>, else the server's JobTimeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Limits on how often jobs with these keys start (see <see cref="RateLimitOptions"/>); null for the method's
    /// <see cref="RateLimitAttribute"/>s, if any; empty for none even when it has some. Kept as the job parameter
    /// <c>RateLimits</c>.
    /// </summary>
    public IReadOnlyList<RateLimitOptions>? RateLimits { get; init; }
}
