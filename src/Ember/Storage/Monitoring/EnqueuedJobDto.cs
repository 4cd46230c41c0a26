namespace Ember.Storage.Monitoring;

/// <summary>An enqueued job, as in Hangfire's monitoring API.</summary>
public sealed class EnqueuedJobDto : JobDto
{
    /// <summary>The state it is in now.</summary>
    public string? State { get; set; }

    /// <summary>When it was enqueued (UTC).</summary>
    public DateTime? EnqueuedAt { get; set; }

    /// <summary>Whether it is still Enqueued.</summary>
    public bool InEnqueuedState { get; set; }
}
