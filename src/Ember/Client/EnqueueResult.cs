namespace Ember;

/// <summary>What an enqueue did: the job's id, and whether that job already existed (its unique key was held).</summary>
/// <param name="JobId">The id of the job created, or of the existing job that holds the same unique key.</param>
/// <param name="Existing">True when no job was created because a job with the same unique key was found.</param>
public readonly record struct EnqueueResult(string JobId, bool Existing)
{
    /// <summary>True when a new job was stored.</summary>
    public bool Created => !Existing;
}
