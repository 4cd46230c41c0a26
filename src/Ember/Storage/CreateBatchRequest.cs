namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobClientStore.CreateBatchAsync"/>.</summary>
/// <param name="Batch">The batch to create, or, with <see cref="AttachTo"/>, the members to add.</param>
public sealed record CreateBatchRequest(NewBatch Batch)
{
    /// <summary>
    /// An existing batch that has not finished: <see cref="Batch"/>'s jobs and nested batches become its members
    /// (<see cref="NewBatch.Description"/> is not used). Null creates a new batch.
    /// </summary>
    public string? AttachTo { get; init; }

    /// <summary>
    /// When a batch of the request created without members may be pruned. Such a batch finishes (Succeeded) at once and
    /// has no job to be pruned with (<see cref="IJobStore.DeleteExpiredJobsAsync"/> prunes other batches with their last
    /// job), so it is pruned at this time instead, and a batch holding only such batches after it. Null (the default):
    /// kept. The clients set it to now plus <c>EmberOptions.JobExpiration</c>, as a Succeeded job's expiry.
    /// </summary>
    public DateTimeOffset? EmptyBatchExpireAt { get; init; }
}
