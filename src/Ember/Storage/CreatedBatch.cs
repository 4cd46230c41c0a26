namespace Ember.Storage;

/// <summary>What <see cref="IJobClientStore.CreateBatchAsync"/> stored.</summary>
/// <param name="BatchId">The batch created, or the one attached to.</param>
/// <param name="JobIds">Every job created, depth first: a batch's own jobs in order, then each nested batch's.</param>
/// <param name="BatchIds">Every nested batch created, in the same depth-first order.</param>
public sealed record CreatedBatch(string BatchId, IReadOnlyList<string> JobIds, IReadOnlyList<string> BatchIds);
