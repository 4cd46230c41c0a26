namespace Ember.Storage.Monitoring;

/// <summary>A fetched job, as in Hangfire's monitoring API. Ember has none: a fetched job is Processing.</summary>
public sealed class FetchedJobDto : JobDto
{
    /// <summary>The state it is in now.</summary>
    public string? State { get; set; }

    /// <summary>When it was fetched (UTC).</summary>
    public DateTime? FetchedAt { get; set; }
}
