namespace Ember.Storage.Monitoring;

/// <summary>A succeeded job, as in Hangfire's monitoring API.</summary>
public sealed class SucceededJobDto : JobDto
{
    /// <summary>What it returned, as JSON; null for nothing.</summary>
    public object? Result { get; set; }

    /// <summary>How long its last run took, in milliseconds.</summary>
    public long? TotalDuration { get; set; }

    /// <summary>When it succeeded (UTC).</summary>
    public DateTime? SucceededAt { get; set; }

    /// <summary>Whether it is still Succeeded.</summary>
    public bool InSucceededState { get; set; }
}
