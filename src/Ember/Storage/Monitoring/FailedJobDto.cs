namespace Ember.Storage.Monitoring;

/// <summary>A failed job, as in Hangfire's monitoring API.</summary>
public sealed class FailedJobDto : JobDto
{
    /// <summary>Why it failed, for people.</summary>
    public string? Reason { get; set; }

    /// <summary>When it failed (UTC).</summary>
    public DateTime? FailedAt { get; set; }

    /// <summary>The full name of the exception type.</summary>
    public string? ExceptionType { get; set; }

    /// <summary>The exception message.</summary>
    public string? ExceptionMessage { get; set; }

    /// <summary>The exception with its stack trace.</summary>
    public string? ExceptionDetails { get; set; }

    /// <summary>Whether it is still Failed.</summary>
    public bool InFailedState { get; set; }
}
