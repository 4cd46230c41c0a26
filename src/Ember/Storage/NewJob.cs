namespace Ember.Storage;

/// <summary>A job to create.</summary>
public sealed record NewJob
{
    /// <summary>
    /// The id to create the job with: one reserved by <see cref="IJobClientStore.ReserveIdsAsync"/>, and only in
    /// <see cref="IJobClientStore.CreateBatchAsync"/> (see <see cref="NewBatchRules.GivenIds"/>). Null (the default): the store
    /// draws the id.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>The serialized invocation. Opaque to the store: stored and returned as is.</summary>
    public required string Invocation { get; init; }

    /// <summary>The queue the job runs on.</summary>
    public required string Queue { get; init; }

    /// <summary>The initial state: Enqueued, Scheduled (with <see cref="ScheduledAt"/>) or Awaiting.</summary>
    public required JobState State { get; init; }

    /// <summary>When a Scheduled job becomes due.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>Details for people beyond its history kind (<see cref="HistoryKind.Created"/>), e.g. the recurring occurrence that created it.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// For an Awaiting job (a continuation): the job it waits for, or the first of them when it waits for several
    /// (<see cref="ParentIds"/>). Required for Awaiting, null otherwise.
    /// </summary>
    public string? ParentId { get; init; }

    /// <summary>
    /// For a continuation of several parents (fan-in): all of them, in order, the first being <see cref="ParentId"/>;
    /// null for a continuation of one parent. It is released once, when the last parent has finished (see
    /// <see cref="ContinuationRules"/>). Use <see cref="NewJobRules.ParentsOf"/> to read either form.
    /// </summary>
    public IReadOnlyList<string>? ParentIds { get; init; }

    /// <summary>For a continuation: the parent outcomes it runs after. Default: OnlyOnSucceededState.</summary>
    public JobContinuationOptions ContinuationOptions { get; init; } = JobContinuationOptions.OnlyOnSucceededState;

    /// <summary>
    /// For a continuation: when it may be pruned if it is Deleted at creation because its parent had already finished
    /// without success (see <see cref="IJobClientStore.CreateJobsAsync"/>).
    /// </summary>
    public DateTimeOffset? ExpireAtIfDeleted { get; init; }

    /// <summary>Parameters stored with the job from the start (JSON values by name), e.g. set by client filters.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>
    /// A unique key: when a job created with the same key is in one of its states (within its period), the store
    /// stores nothing and answers with that job's id (<see cref="CreateJobsResult.IsExisting"/>), deciding in the same
    /// transaction as the insert. Null (the default) for an ordinary job.
    /// </summary>
    public UniqueJobOptions? Unique { get; init; }

    /// <summary>
    /// A concurrency limit: the job is claimed by a fetch only while fewer than the key's limit of jobs carrying the key
    /// are Processing (see <see cref="ConcurrencyLimit"/>). Null (the default) for a job no limit holds back.
    /// </summary>
    public ConcurrencyLimit? Concurrency { get; init; }
}
