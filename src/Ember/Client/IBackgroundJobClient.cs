namespace Ember;

/// <summary>
/// Creates and manages background jobs. The everyday methods (<c>Enqueue</c>, <c>Schedule</c>, their async twins,
/// <c>Requeue</c>, <c>Delete</c>) are extension methods in <see cref="BackgroundJobClientExtensions"/>, as in Hangfire.
/// </summary>
public interface IBackgroundJobClient
{
    /// <summary>Stores jobs in one round trip and returns their ids, in order.</summary>
    /// <exception cref="ArgumentException">A queue name is invalid or an argument can't be serialized; nothing is stored.</exception>
    /// <exception cref="Storage.JobNotFoundException">A continuation's parent does not exist; nothing is stored.</exception>
    Task<IReadOnlyList<string>> CreateAsync(IReadOnlyList<CreateJobRequest> jobs, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="CreateAsync"/>, saying of each job whether it was created or already existed: a job whose unique key
    /// (<see cref="CreateJobRequest.Unique"/> or <see cref="UniqueJobAttribute"/>) is held answers with the holder's id.
    /// The default reports every job as created; <see cref="BackgroundJobClient"/> asks the store.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="CreateAsync"/>; also a unique key that is empty, too long, or whose template names an argument the method lacks.</exception>
    async Task<IReadOnlyList<EnqueueResult>> CreateJobsAsync(IReadOnlyList<CreateJobRequest> jobs, CancellationToken cancellationToken = default)
    {
        var ids = await CreateAsync(jobs, cancellationToken).ConfigureAwait(false);
        return ids.Select(id => new EnqueueResult(id, Existing: false)).ToArray();
    }

    /// <summary>Moves a job back to its queue, from any state but Enqueued. A running job is cancelled and runs again.</summary>
    /// <returns>False when the job does not exist or is already Enqueued.</returns>
    Task<bool> RequeueAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a job: it won't run (again). A running job's cancellation token fires within about a second.</summary>
    /// <returns>False when the job does not exist or is already Deleted.</returns>
    Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a job to <paramref name="state"/>, as Hangfire's <c>ChangeState</c>: an <see cref="States.EnqueuedState"/>
    /// requeues it (on its own queue), a <see cref="States.ScheduledState"/> reschedules it, a
    /// <see cref="States.DeletedState"/> deletes it. A running job's cancellation token fires within about a second.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="state">The state to move it to.</param>
    /// <param name="expectedState">Move it only if it is in this state (a <c>StateName</c>, e.g. <c>FailedState.StateName</c>); null for any state the move is allowed from.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False when the job does not exist or is not in a state the move is allowed from (see <see cref="JobStateTransitions"/>).</returns>
    /// <exception cref="ArgumentException">The state is one only servers enter (Processing, Succeeded, Failed) or an unknown name is expected.</exception>
    Task<bool> ChangeStateAsync(string jobId, States.IState state, string? expectedState = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="RequeueAsync"/> for many jobs, a batch of ids per store round trip (one transaction each) rather than
    /// one per job: requeueing 100,000 failed jobs takes seconds. Each job is requeued under the same rules as alone.
    /// </summary>
    /// <returns>How many jobs were requeued: ids that name no job, are already Enqueued or given twice don't count.</returns>
    async Task<int> RequeueManyAsync(IEnumerable<string> jobIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var changed = 0;
        foreach (var id in jobIds.Distinct(StringComparer.Ordinal))
            if (await RequeueAsync(id, cancellationToken).ConfigureAwait(false)) changed++;
        return changed;
    }

    /// <summary>
    /// <see cref="DeleteAsync"/> for many jobs, a batch of ids per store round trip (one transaction each) rather than
    /// one per job. Each job is deleted under the same rules as alone (a running one's token fires).
    /// </summary>
    /// <returns>How many jobs were deleted: ids that name no job, are already Deleted or given twice don't count.</returns>
    async Task<int> DeleteManyAsync(IEnumerable<string> jobIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var changed = 0;
        foreach (var id in jobIds.Distinct(StringComparer.Ordinal))
            if (await DeleteAsync(id, cancellationToken).ConfigureAwait(false)) changed++;
        return changed;
    }
}
