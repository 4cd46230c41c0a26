namespace Ember;

/// <summary>
/// What a batch callback adds to its batch (<see cref="IBatchJobClient.StartNewAsync"/>): jobs, continuations and nested
/// batches. Everything added is stored when the callback returns, in one store transaction; a callback that throws
/// stores nothing. The everyday shapes (<c>Enqueue</c>, <c>Schedule</c>, <c>ContinueJobWith</c>) are extension methods
/// in <see cref="BatchActionExtensions"/>.
/// </summary>
/// <remarks>
/// As in Hangfire Pro, each method returns the new job's (or nested batch's) id at once: the ids are reserved from the
/// store before the batch is stored (<see cref="Storage.IJobClientStore.ReserveIdsAsync"/>, in growing blocks), so a job of
/// the batch can continue another job or nested batch of the same batch (<c>batch.ContinueJobWith(id, ...)</c>), and is
/// released once, when that one finishes. An id means nothing until the batch is stored: if the callback throws, no job
/// has it.
/// </remarks>
public interface IBatchAction
{
    /// <summary>Adds a job to the batch, as <see cref="IBackgroundJobClient.CreateAsync"/> would create it; returns its id.</summary>
    string Create(CreateJobRequest job);

    /// <summary>Adds a nested batch: one member of this batch, finished when all of its own members are. Returns its id.</summary>
    string StartNew(Action<IBatchAction> createAction, string? description = null);
}
