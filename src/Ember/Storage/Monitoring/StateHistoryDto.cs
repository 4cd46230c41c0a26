namespace Ember.Storage.Monitoring;

/// <summary>One transition of a job, as in Hangfire's monitoring API.</summary>
public sealed class StateHistoryDto
{
    /// <summary>The state entered.</summary>
    public string StateName { get; set; } = "";

    /// <summary>Why, for people.</summary>
    public string? Reason { get; set; }

    /// <summary>When (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>What goes with it, under Hangfire's keys where Ember has the value: EnqueueAt, ServerId, ExceptionType, ExceptionMessage, ExceptionDetails, PerformanceDuration.</summary>
    public IDictionary<string, string> Data { get; set; } = new Dictionary<string, string>();
}
