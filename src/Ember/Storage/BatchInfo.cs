namespace Ember.Storage;

/// <summary>A batch as the read side shows it.</summary>
public sealed record BatchInfo
{
    /// <summary>The batch's id: from the same sequence as job ids, so it names no job.</summary>
    public required string Id { get; init; }

    /// <summary>Given at creation; null for none.</summary>
    public string? Description { get; init; }

    /// <summary>Where the batch is.</summary>
    public required BatchState State { get; init; }

    /// <summary>The batch this one is nested in (one member of it); null for a top-level batch.</summary>
    public string? ParentBatchId { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its last member finished; null while it is Started.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Whether it was cancelled.</summary>
    public bool Cancelled { get; init; }

    /// <summary>How many members it has: jobs, and nested batches (one each).</summary>
    public long Total { get; init; }

    /// <summary>Members that succeeded.</summary>
    public long Succeeded { get; init; }

    /// <summary>Members that failed for good (retries exhausted), or nested batches that completed with failures.</summary>
    public long Failed { get; init; }

    /// <summary>Members that were deleted, or nested batches that were cancelled.</summary>
    public long Deleted { get; init; }

    /// <summary>Member jobs running now (Processing).</summary>
    public long Running { get; init; }

    /// <summary>Members that have not finished.</summary>
    public long Pending => Total - Succeeded - Failed - Deleted;
}
