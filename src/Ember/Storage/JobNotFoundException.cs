namespace Ember.Storage;

/// <summary>A job named by an operation (e.g. the parent of a continuation) does not exist.</summary>
public sealed class JobNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobNotFoundException() { }

    /// <summary>Creates the exception with a message.</summary>
    public JobNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public JobNotFoundException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The exception for a continuation whose parent is missing.</summary>
    public static JobNotFoundException Parent(string parentId) =>
        new($"Job {parentId} does not exist (it was never created, or was pruned after it expired), so a continuation can't wait for it. Nothing was stored.") { JobId = parentId };

    /// <summary>The id that was not found.</summary>
    public string? JobId { get; init; }
}
