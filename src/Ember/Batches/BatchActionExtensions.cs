namespace Ember;

/// <summary>
/// What a batch callback adds, with Hangfire's lambda shapes (<c>Enqueue</c>, <c>Schedule</c>, <c>ContinueJobWith</c>,
/// each with an optional queue), generated in BatchActionExtensions.Generated.cs from scripts/generate-overloads.py.
/// </summary>
public static partial class BatchActionExtensions
{
    private static string Add(IBatchAction batch, Job job, string? queue, DateTimeOffset? enqueueAt, TimeSpan? delay, string? parentId,
        IEnumerable<string>? parentIds, JobContinuationOptions options)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (parentId is not null) ArgumentException.ThrowIfNullOrWhiteSpace(parentId);
        return batch.Create(new CreateJobRequest
        {
            Job = job, Queue = queue, EnqueueAt = enqueueAt, Delay = delay, ParentId = parentId, ParentIds = parentIds?.ToArray(),
            ContinuationOptions = options,
        });
    }
}
