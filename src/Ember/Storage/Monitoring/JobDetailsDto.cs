namespace Ember.Storage.Monitoring;

/// <summary>One job with its history, as in Hangfire's monitoring API.</summary>
public sealed class JobDetailsDto : JobDto
{
    /// <summary>When it was created (UTC).</summary>
    public DateTime? CreatedAt { get; set; }

    /// <summary>Its parameters (JSON values by name): Hangfire calls them properties.</summary>
    public IDictionary<string, string> Properties { get; set; } = new Dictionary<string, string>();

    /// <summary>Its transitions, newest first (as Hangfire lists them).</summary>
    public IList<StateHistoryDto> History { get; set; } = [];

    /// <summary>When the store may delete it (UTC); null while it is kept.</summary>
    public DateTime? ExpireAt { get; set; }
}
