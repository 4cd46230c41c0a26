namespace Ember.Storage.Monitoring;

/// <summary>A continuation waiting for its parent, as in Hangfire's monitoring API.</summary>
public sealed class AwaitingJobDto : JobDto
{
    /// <summary>When it started waiting (UTC).</summary>
    public DateTime? AwaitingAt { get; set; }

    /// <summary>Whether it is still Awaiting.</summary>
    public bool InAwaitingState { get; set; }

    /// <summary>The state its parent is in now.</summary>
    public string? ParentStateName { get; set; }
}
