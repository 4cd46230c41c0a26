namespace Ember.Storage.Monitoring;

/// <summary>A deleted job, as in Hangfire's monitoring API.</summary>
public sealed class DeletedJobDto : JobDto
{
    /// <summary>When it was deleted (UTC).</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>Whether it is still Deleted.</summary>
    public bool InDeletedState { get; set; }
}
