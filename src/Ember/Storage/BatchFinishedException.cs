namespace Ember.Storage;

/// <summary>Jobs were attached to a batch that has finished: its continuations have been released, so it takes no more.</summary>
public sealed class BatchFinishedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BatchFinishedException() { }

    /// <summary>Creates the exception with a message.</summary>
    public BatchFinishedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public BatchFinishedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The exception for an attach to batch <paramref name="batchId"/>, which finished in <paramref name="state"/>.</summary>
    public static BatchFinishedException Attach(string batchId, BatchState state) =>
        new($"Batch {batchId} has already finished ({state}): its continuations have been released, so no jobs can be attached to it. Nothing was stored; start a new batch, or continue this one with ContinueBatchWith.") { BatchId = batchId, State = state };

    /// <summary>The batch.</summary>
    public string? BatchId { get; init; }

    /// <summary>The state it finished in.</summary>
    public BatchState State { get; init; }
}
