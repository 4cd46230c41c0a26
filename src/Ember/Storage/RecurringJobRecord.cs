namespace Ember.Storage;

/// <summary>A recurring job as stored: its definition and where its schedule stands.</summary>
public sealed record RecurringJobRecord
{
    /// <summary>The id the application gave it (1 to 100 characters).</summary>
    public required string Id { get; init; }

    /// <summary>The cron expression (5 fields, or 6 with seconds first).</summary>
    public required string Cron { get; init; }

    /// <summary>The id of the time zone the cron expression is read in (IANA or Windows id).</summary>
    public required string TimeZoneId { get; init; }

    /// <summary>The queue its jobs run on.</summary>
    public required string Queue { get; init; }

    /// <summary>The serialized invocation each run calls (opaque to the store).</summary>
    public required string Invocation { get; init; }

    /// <summary>What to do about occurrences missed during downtime.</summary>
    public MisfireHandlingMode Misfire { get; init; }

    /// <summary>The next occurrence to fire; null when the job is disabled (see <see cref="Error"/>).</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>When it last fired (the occurrence's time, or the trigger's).</summary>
    public DateTimeOffset? LastRunAt { get; init; }

    /// <summary>The id of the job its last run created.</summary>
    public string? LastJobId { get; init; }

    /// <summary>Why it is disabled (a cron that no longer parses, a job type that no longer loads), or null.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// Whether it is paused (<see cref="IJobStore.SetRecurringJobPausedAsync"/>): never due until resumed. Read from the
    /// store; <see cref="IJobStore.UpsertRecurringJobAsync"/> keeps the stored value whatever this says.
    /// </summary>
    public bool Paused { get; init; }

    /// <summary>When it was first added.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
