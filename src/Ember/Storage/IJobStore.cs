namespace Ember.Storage;

/// <summary>
/// The storage boundary: job-level operations, each one round trip where the backend allows it, each taking one
/// request record so that adding a field breaks no store. Every implementation passes the store conformance suite
/// (tests/Ember.Storage.Conformance). Optional capabilities are separate interfaces (<see cref="IJobNotifications"/>), found with <see cref="GetCapability{T}"/>.
/// </summary>
/// <remarks>
/// Time: a store reads "now" from the <see cref="TimeProvider"/> it was built with, never from the database clock, so
/// that tests can move time and all servers agree on lease arithmetic within their clock skew.
/// Leases: a job in <see cref="JobState.Processing"/> is held by one server under a lease token with an expiry. Every
/// write that concerns a running job is fenced by that token, so a server that lost its lease (rescued, requeued or
/// deleted job) can never overwrite the job's newer state.
/// </remarks>
public interface IJobStore
{
    /// <summary>
    /// Creates or migrates the schema when the store is configured to, and checks that the backend is reachable.
    /// Throws a clear exception (naming the file, host or option) instead of hanging. Safe to call more than once.
    /// </summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores new jobs in one round trip, in order, each in its initial state (Enqueued, Scheduled or Awaiting), with a
    /// first history entry of kind <see cref="HistoryKind.Created"/>. Returns their ids in the same order. Ids are unique strings, increasing in creation order
    /// within one store. Checks every job with <see cref="NewJobRules"/> before storing any.
    /// <para>
    /// Continuations: an Awaiting job names its parent, or several (<see cref="NewJob.ParentIds"/>); a parent is a job
    /// or a batch. When a parent doesn't exist (or is a job of the same call not yet stored), the call throws
    /// <see cref="JobNotFoundException"/> and stores nothing. Parents that have already finished (Succeeded, Failed or
    /// Deleted) count at once, so the continuation may be released at once, as described in
    /// <see cref="ContinuationRules"/>, instead of waiting.
    /// </para>
    /// <para>
    /// Unique jobs: a job with <see cref="NewJob.Unique"/> whose key is held (a job created with that key is in one of
    /// the key's states, created within its period) is not stored; its position answers with the holder's id and
    /// <see cref="CreateJobsResult.IsExisting"/>. The check and the insert are one transaction (or script), so callers
    /// racing with one key store one job. A job earlier in the same call holds its key for the later ones. With
    /// <see cref="UniqueJobOptions.Debounce"/>, a holder that is Scheduled takes the new job's invocation and
    /// ScheduledAt, with a history entry of kind <see cref="HistoryKind.Debounced"/> (it stays Scheduled).
    /// </para>
    /// </summary>
    Task<CreateJobsResult> CreateJobsAsync(CreateJobsRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a batch (or, with <see cref="CreateBatchRequest.AttachTo"/>, adds members to a batch that has not
    /// finished) with all its jobs and nested batches in one transaction: all or nothing, each job checked as
    /// <see cref="CreateJobsAsync"/> checks them. Batch ids come from the job ids' sequence, so that a batch can be a
    /// continuation's parent like a job (<see cref="NewJob.ParentIds"/>). The store then keeps the batch's counts and
    /// finishes it as <see cref="BatchRules"/> says. The jobs and batches take the reserved ids they are given
    /// (<see cref="NewBatchRules.GivenIds"/>): a continuation may then name a job or batch of the same request as its
    /// parent, whatever their order, and is released when that one finishes. Throws <see cref="BatchNotFoundException"/> or
    /// <see cref="BatchFinishedException"/> for an attach to a batch that doesn't exist or has finished.
    /// </summary>
    Task<CreatedBatch> CreateBatchAsync(CreateBatchRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reserves <see cref="ReserveIdsRequest.Count"/> new ids from the sequence jobs and batches take theirs from, in one
    /// round trip, for a later <see cref="CreateBatchAsync"/> that creates its jobs and batches with them
    /// (<see cref="NewJob.Id"/>, <see cref="NewBatch.Id"/>): so a batch's callback knows each job's id before the batch
    /// is stored, and a job of the batch can continue another. Ids are increasing and never handed out twice; an id
    /// reserved and never used is a gap in the sequence.
    /// </summary>
    Task<IReadOnlyList<string>> ReserveIdsAsync(ReserveIdsRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a batch cancelled, so that it finishes Deleted (<see cref="BatchRules"/>) once its members have finished;
    /// the caller deletes the members. Returns false when the batch doesn't exist or has already finished.
    /// </summary>
    Task<bool> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <see cref="FetchJobsRequest.Count"/> Enqueued jobs for a server, taking queues in the order given and
    /// the oldest job first within a queue. Each claimed job moves to Processing with a new lease token, its lease expiry
    /// set, its attempt count incremented and a history entry of kind <see cref="HistoryKind.Fetched"/> added. A job is never claimed by two callers at once.
    /// </summary>
    Task<IReadOnlyList<FetchedJob>> FetchJobsAsync(FetchJobsRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies the outcomes of finished runs in one round trip. A change that finishes a job releases its
    /// continuations in the same transaction (<see cref="ContinuationRules"/>). Each completion applies only if the job is still
    /// Processing under the given lease token; the others are skipped. Returns what became of each: applied; already
    /// completed by this run (the job left Processing under the same token, as when a write is retried after its first
    /// try landed unacknowledged: a store keeps a run's token on the job when completing it, and clears it on every
    /// other change that ends the run); or its lease lost.
    /// </summary>
    Task<CompleteJobsResult> CompleteJobsAsync(CompleteJobsRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves what a job reports about itself: parameters, progress, log lines (see <see cref="UpdateJobDataRequest"/>),
    /// all at once. Returns false, writing nothing, when the job doesn't exist or, with a lease token, no longer runs
    /// under that lease. The log keeps the newest <see cref="UpdateJobDataRequest.MaxLogLines"/> lines; parameters,
    /// progress and log stay with the job until it expires.
    /// </summary>
    Task<bool> UpdateJobDataAsync(UpdateJobDataRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves one job to a new state if its current state is one of <see cref="ChangeStateRequest.ExpectedStates"/>
    /// (compare-and-set). Leaving Processing drops the lease, so the running worker's completion is fenced out and its
    /// next lease extension reports the job lost. A change that finishes the job releases its continuations in the same
    /// transaction (<see cref="ContinuationRules"/>). Returns false when the job does not exist or was in another state.
    /// </summary>
    Task<bool> ChangeStateAsync(ChangeStateRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="ChangeStateAsync"/> for many jobs in one round trip and one transaction: each job is compared and set
    /// on its own, with the same history, counters, lease fencing and continuation release. Returns how many changed.
    /// The default calls <see cref="ChangeStateAsync"/> once per job; the stores of this repository override it.
    /// </summary>
    async Task<int> ChangeStatesAsync(ChangeStatesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var changed = 0;
        foreach (var id in request.JobIds.Distinct(StringComparer.Ordinal))
            if (await ChangeStateAsync(new ChangeStateRequest(id, request.Change, request.ExpectedStates), cancellationToken).ConfigureAwait(false)) changed++;
        return changed;
    }

    /// <summary>
    /// Extends the leases a server holds. Returns the leases it no longer holds (job deleted, requeued or rescued
    /// since, or unknown): the server cancels those runs. Leases, not job ids: after a requeue the same server may hold
    /// the same job again under a new token while the old run is still winding down.
    /// </summary>
    Task<IReadOnlyList<HeldLease>> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves Processing jobs whose lease expired (their server died or stalled) back to Enqueued, at most
    /// <see cref="RescueExpiredLeasesRequest.MaxCount"/> per call, each with a history entry of kind
    /// <see cref="HistoryKind.Rescued"/> naming the server that held it (the core counts rescues against the job's
    /// allowed interruptions). Returns how many were rescued.
    /// </summary>
    Task<int> RescueExpiredLeasesAsync(RescueExpiredLeasesRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves Scheduled jobs whose time has come to Enqueued (history kind <see cref="HistoryKind.Due"/>), at most
    /// <see cref="EnqueueDueScheduledRequest.MaxCount"/> per call. Returns how many were enqueued. Safe to run from many servers at once: each job moves once.
    /// </summary>
    Task<int> EnqueueDueScheduledAsync(EnqueueDueScheduledRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes jobs (and their history) whose expiry has passed, at most MaxCount per call. Returns how many.</summary>
    Task<int> DeleteExpiredJobsAsync(DeleteExpiredJobsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Registers a server or refreshes its heartbeat (upsert by server id).</summary>
    Task HeartbeatAsync(ServerHeartbeat heartbeat, CancellationToken cancellationToken = default);

    /// <summary>Removes a server from the registry (graceful stop).</summary>
    Task RemoveServerAsync(string serverId, CancellationToken cancellationToken = default);

    /// <summary>Removes servers whose last heartbeat is older than the timeout. Returns how many.</summary>
    Task<int> RemoveDeadServersAsync(RemoveDeadServersRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds or replaces a recurring job (by id) with exactly the given fields; the core computes NextRunAt and clears
    /// Error. CreatedAt is kept from the first insert.
    /// </summary>
    Task UpsertRecurringJobAsync(RecurringJobRecord recurringJob, CancellationToken cancellationToken = default);

    /// <summary>Removes a recurring job. Jobs it already created are not touched. Returns false when there was none.</summary>
    Task<bool> RemoveRecurringJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Recurring jobs whose NextRunAt has come (NextRunAt &lt;= now), earliest first, at most MaxCount.</summary>
    Task<IReadOnlyList<RecurringJobRecord>> GetDueRecurringJobsAsync(DueRecurringJobsRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fires a recurring job: if its NextRunAt still equals <see cref="FireRecurringJobRequest.ExpectedNextRunAt"/>,
    /// creates the given jobs (as <see cref="CreateJobsAsync"/> would), sets NextRunAt, LastRunAt and LastJobId (the
    /// last job created, unchanged when none) and clears Error, all in one transaction. Returns the created ids, or null
    /// when NextRunAt had changed (another server fired this occurrence, or the job was updated or removed): so each
    /// occurrence fires once however many servers race for it.
    /// </summary>
    Task<IReadOnlyList<string>?> FireRecurringJobAsync(FireRecurringJobRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Disables a recurring job that can't fire (NextRunAt set to null, Error set) if its NextRunAt is still the
    /// expected one. Returns false when it changed meanwhile or the job is gone.
    /// </summary>
    Task<bool> DisableRecurringJobAsync(DisableRecurringJobRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes a named mutex for one run of a job, without waiting. Succeeds when the mutex is free, already held by this
    /// run, or held by a run that is over: its job is no longer Processing under the holder's lease token (finished,
    /// rescued, deleted). So a mutex never outlives a dead server's lease, and needs no expiry of its own.
    /// </summary>
    Task<bool> TryAcquireMutexAsync(MutexRequest request, CancellationToken cancellationToken = default);

    /// <summary>Releases a mutex if this run holds it.</summary>
    Task ReleaseMutexAsync(MutexRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pauses or resumes a queue. A paused queue is skipped by every <see cref="FetchJobsAsync"/> from the moment this
    /// returns, on every server; its jobs stay Enqueued. A queue may be paused before it has any job. Resuming wakes the
    /// servers that wait for the queue (<see cref="IJobNotifications"/>). Returns false when the queue already was so.
    /// </summary>
    Task<bool> SetQueuePausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pauses or resumes a recurring job. A paused one is never due (<see cref="GetDueRecurringJobsAsync"/>) and keeps
    /// its NextRunAt, so after resuming, the occurrences it missed follow its misfire mode. Upserts keep the pause.
    /// Returns false when there is no such recurring job.
    /// </summary>
    Task<bool> SetRecurringJobPausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default);

    /// <summary>The read side, for the dashboard and for tests.</summary>
    IJobQueries Queries { get; }

    /// <summary>
    /// This store as <typeparamref name="T"/>, or null when it isn't one: an optional capability such as
    /// <see cref="IJobNotifications"/>, or the concrete store (e.g. to reach PostgreSQL's <c>Enlist</c>). Ask this
    /// instead of casting: a store that wraps another (the instrumentation <c>AddEmber</c> applies) answers for the
    /// store it wraps, so no capability is hidden by a decorator.
    /// </summary>
    T? GetCapability<T>() where T : class => this as T;
}
