namespace Ember.Storage;

/// <summary>A batch named by an operation does not exist.</summary>
public sealed class BatchNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BatchNotFoundException() { }

    /// <summary>Creates the exception with a message.</summary>
    public BatchNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public BatchNotFoundException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The exception for an attach to a batch that does not exist.</summary>
    public static BatchNotFoundException Missing(string batchId) =>
        new($"Batch {batchId} does not exist, so no jobs can be attached to it. Nothing was stored.") { BatchId = batchId };

    /// <summary>The batch that was not found.</summary>
    public string? BatchId { get; init; }
}
