namespace Ember.Storage.Monitoring;

/// <summary>A scheduled job, as in Hangfire's monitoring API.</summary>
public sealed class ScheduledJobDto : JobDto
{
    /// <summary>When it becomes due (UTC).</summary>
    public DateTime EnqueueAt { get; set; }

    /// <summary>When it was scheduled (UTC).</summary>
    public DateTime? ScheduledAt { get; set; }

    /// <summary>Whether it is still Scheduled.</summary>
    public bool InScheduledState { get; set; }
}
