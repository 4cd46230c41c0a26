namespace Ember;

/// <summary>
/// Thrown from a running job (or through <see cref="Server.PerformContext.Snooze"/>): the job is Scheduled again
/// <see cref="Delay"/> from now without spending a retry (River's <c>JobSnooze</c>), e.g. to wait for a resource that
/// isn't ready. The history records it as <see cref="Storage.HistoryKind.Snoozed"/>.
/// </summary>
public sealed class SnoozeJobException : Exception
{
    /// <summary>Snoozes the job for <paramref name="delay"/>.</summary>
    /// <param name="delay">Zero or more, at most 365 days: when the job runs again.</param>
    /// <param name="reason">Why, for the history and the dashboard; null for none.</param>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative or longer than 365 days.</exception>
    public SnoozeJobException(TimeSpan delay, string? reason = null) : base(reason ?? $"Snoozed for {delay}")
    {
        if (delay < TimeSpan.Zero || delay > MaxDelay)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A job snoozes for zero or more, at most 365 days.");
        Delay = delay;
        Reason = reason;
    }

    /// <summary>Creates the exception with a message (snoozes for no time).</summary>
    public SnoozeJobException() : this(TimeSpan.Zero) { }

    /// <summary>Creates the exception with a message (snoozes for no time).</summary>
    public SnoozeJobException(string message) : this(TimeSpan.Zero, message) { }

    /// <summary>Creates the exception with a message and an inner exception (snoozes for no time).</summary>
    public SnoozeJobException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The longest snooze accepted.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(365);

    /// <summary>How long until the job runs again.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Why, as given.</summary>
    public string? Reason { get; }
}
