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
}
