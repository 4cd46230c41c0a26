namespace Ember.Storage;

/// <summary>A job to create.</summary>
public sealed record NewJob
{
    /// <summary>The serialized invocation. Opaque to the store: stored and returned as is.</summary>
    public required string Invocation { get; init; }

    /// <summary>The queue the job runs on.</summary>
    public required string Queue { get; init; }

    /// <summary>The initial state: Enqueued, Scheduled (with <see cref="ScheduledAt"/>) or Awaiting.</summary>
    public required JobState State { get; init; }

    /// <summary>When a Scheduled job becomes due.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>Why the job is in its initial state, for its history.</summary>
    public string? Reason { get; init; }
}
