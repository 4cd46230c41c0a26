using Ember.Storage;

namespace Ember;

/// <summary>
/// Creates and manages batches: groups of jobs created atomically, whose progress the store keeps, and which can be
/// continued as a whole (Hangfire Pro's <c>BatchJob</c>, free). The sync twins are in <see cref="BatchJobClientExtensions"/>;
/// <see cref="BatchJob"/> is the static facade. See docs/batches.md.
/// </summary>
public interface IBatchJobClient
{
    /// <summary>
    /// Runs <paramref name="createAction"/>, then stores the batch and everything it added in one transaction; a
    /// callback that throws stores nothing. A batch without jobs is allowed: it finishes (Succeeded) at once.
    /// </summary>
    /// <returns>The batch id, and the ids of every job created, depth first.</returns>
    Task<CreatedBatch> CreateAsync(Action<IBatchAction> createAction, string? description = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a batch as <see cref="CreateAsync"/> does; returns its id.</summary>
    Task<string> StartNewAsync(Action<IBatchAction> createAction, string? description = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a batch whose jobs wait for batch <paramref name="parentBatchId"/> to finish (each becomes a continuation
    /// of it, with <paramref name="options"/>; a job that already continues others waits for them too). Jobs can't be
    /// scheduled in it. Returns the new batch's id.
    /// </summary>
    /// <exception cref="BatchNotFoundException">There is no batch <paramref name="parentBatchId"/>; nothing is stored.</exception>
    Task<string> ContinueBatchWithAsync(string parentBatchId, Action<IBatchAction> createAction, string? description = null,
        BatchContinuationOptions options = BatchContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default);

    /// <summary>Adds jobs (and nested batches) to a batch that has not finished, in one transaction.</summary>
    /// <exception cref="BatchNotFoundException">There is no such batch; nothing is stored.</exception>
    /// <exception cref="BatchFinishedException">The batch has finished; nothing is stored.</exception>
    Task AttachAsync(string batchId, Action<IBatchAction> createAction, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a batch and its nested batches: the jobs that have not finished are deleted (a running one's token
    /// fires), and the batch finishes Deleted, settling its continuations by their options.
    /// </summary>
    /// <returns>False when the batch doesn't exist or has already finished.</returns>
    Task<bool> CancelAsync(string batchId, CancellationToken cancellationToken = default);
}
