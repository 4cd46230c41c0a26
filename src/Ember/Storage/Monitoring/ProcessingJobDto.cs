namespace Ember.Storage.Monitoring;

/// <summary>A running job, as in Hangfire's monitoring API.</summary>
public sealed class ProcessingJobDto : JobDto
{
    /// <summary>Whether it is still Processing.</summary>
    public bool InProcessingState { get; set; }

    /// <summary>The server running it.</summary>
    public string? ServerId { get; set; }

    /// <summary>When it started (UTC).</summary>
    public DateTime? StartedAt { get; set; }
}
