namespace Ember.Storage.Monitoring;

/// <summary>A registered server, as in Hangfire's monitoring API.</summary>
public sealed class ServerDto
{
    /// <summary>The server's id (Hangfire's server name is its id too).</summary>
    public string Name { get; set; } = "";

    /// <summary>How many jobs it runs at once.</summary>
    public int WorkersCount { get; set; }

    /// <summary>When it started (UTC).</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>The queues it takes jobs from, in order.</summary>
    public IList<string> Queues { get; set; } = [];

    /// <summary>When it last reported (UTC).</summary>
    public DateTime? Heartbeat { get; set; }
}
