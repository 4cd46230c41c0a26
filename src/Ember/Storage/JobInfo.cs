namespace Ember.Storage;

/// <summary>A stored job, as the read side sees it.</summary>
public sealed record JobInfo
{
    /// <summary>The job id.</summary>
    public required string Id { get; init; }

    /// <summary>The queue it runs on.</summary>
    public required string Queue { get; init; }

    /// <summary>Its current state.</summary>
    public required JobState State { get; init; }

    /// <summary>The serialized invocation (see <c>Ember.Invocations.Invocation</c>).</summary>
    public required string Invocation { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it entered its current state.</summary>
    public required DateTimeOffset StateChangedAt { get; init; }

    /// <summary>How many times it has been started.</summary>
    public int Attempt { get; init; }

    /// <summary>For Scheduled jobs: when it becomes due.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>The exception of its last failed run, if any.</summary>
    public JobError? LastError { get; init; }

    /// <summary>For Processing jobs: the server holding it.</summary>
    public string? ServerId { get; init; }

    /// <summary>For Processing jobs: when the lease runs out unless extended.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>When the store may delete the job; null for jobs kept until acted on.</summary>
    public DateTimeOffset? ExpireAt { get; init; }

    /// <summary>The batch the job is a member of; null for none.</summary>
    public string? BatchId { get; init; }

    /// <summary>For a continuation: the job it waits for (or waited for).</summary>
    public string? ParentId { get; init; }

    /// <summary>For a continuation: when it runs relative to its parent's outcome.</summary>
    public JobContinuationOptions ContinuationOptions { get; init; } = JobContinuationOptions.OnlyOnSucceededState;

    /// <summary>What the job's last successful run returned, as JSON (or a note when it was too large); null for none.</summary>
    public string? Result { get; init; }

    /// <summary>The job's parameters (JSON values by name): set at creation, by filters or by the job itself.</summary>
    /// <remarks>Jobs without parameters share one empty dictionary, so that two such records compare equal.</remarks>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The progress the job last reported, in percent; null when it reported none.</summary>
    public int? Progress { get; init; }
}
