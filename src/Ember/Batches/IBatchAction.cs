namespace Ember;

/// <summary>
/// What a batch callback adds to its batch (<see cref="IBatchJobClient.StartNewAsync"/>): jobs, continuations and nested
/// batches. Everything added is stored when the callback returns, in one store transaction; a callback that throws
/// stores nothing. The everyday shapes (<c>Enqueue</c>, <c>Schedule</c>, <c>ContinueJobWith</c>) are extension methods
/// in <see cref="BatchActionExtensions"/>.
/// </summary>
/// <remarks>
/// Unlike Hangfire Pro, these methods return no job id: ids are drawn by the store when the batch is stored, so a job
/// of a batch can't yet be the parent of another job of the same batch. <see cref="IBatchJobClient.CreateAsync"/>
/// returns the ids of every job created.
/// </remarks>
public interface IBatchAction
{
    /// <summary>Adds a job to the batch, as <see cref="IBackgroundJobClient.CreateAsync"/> would create it.</summary>
    void Create(CreateJobRequest job);

    /// <summary>Adds a nested batch: one member of this batch, finished when all of its own members are.</summary>
    void StartNew(Action<IBatchAction> createAction, string? description = null);
}
