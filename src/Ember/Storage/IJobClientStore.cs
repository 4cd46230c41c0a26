namespace Ember.Storage;

/// <summary>
/// The part of a store that clients use: creating jobs and batches, changing jobs' states, and reading. A client
/// (<see cref="BackgroundJobClient"/>, the batch client) needs nothing else, so a store seen through an application's
/// transaction (PostgreSQL's <c>Enlist</c>) implements only this. Every <see cref="IJobStore"/> is one.
/// </summary>
public interface IJobClientStore
{
    /// <summary>The read side, for the dashboard and for tests.</summary>
    IJobQueries Queries { get; }

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
}
