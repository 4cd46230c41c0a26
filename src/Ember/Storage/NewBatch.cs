namespace Ember.Storage;

/// <summary>A batch to create (<see cref="IJobClientStore.CreateBatchAsync"/>): its jobs and the batches nested in it.</summary>
public sealed record NewBatch
{
    /// <summary>
    /// The id to create the batch with: one reserved by <see cref="IJobClientStore.ReserveIdsAsync"/> (see
    /// <see cref="NewBatchRules.GivenIds"/>). Null (the default): the store draws it. Not used for the batch attached to.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>Shown on the dashboard; null for none.</summary>
    public string? Description { get; init; }

    /// <summary>The batch's own jobs, in order, each checked as <see cref="IJobClientStore.CreateJobsAsync"/> checks jobs.</summary>
    public IReadOnlyList<NewJob> Jobs { get; init; } = [];

    /// <summary>Batches nested in this one: each counts as one member of it, finished when all of its own members are.</summary>
    public IReadOnlyList<NewBatch> Batches { get; init; } = [];
}
