namespace Ember.States;

/// <summary>Waiting for a point in time, then enqueued.</summary>
public sealed class ScheduledState : IState
{
    /// <summary>The state's name, as in <see cref="JobState.Scheduled"/>.</summary>
    public const string StateName = nameof(JobState.Scheduled);

    /// <summary>Due <paramref name="enqueueIn"/> from when the state is applied (by the client's clock).</summary>
    public ScheduledState(TimeSpan enqueueIn)
    {
        ScheduleDelay.ThrowIfNegative(enqueueIn, nameof(enqueueIn));
        Delay = enqueueIn;
    }

    /// <summary>Due at <paramref name="enqueueAt"/>, read as UTC unless its kind says local (as in Hangfire).</summary>
    public ScheduledState(DateTime enqueueAt) =>
        At = enqueueAt.Kind == DateTimeKind.Local ? new DateTimeOffset(enqueueAt) : new DateTimeOffset(DateTime.SpecifyKind(enqueueAt, DateTimeKind.Utc));

    /// <summary>Due at <paramref name="enqueueAt"/>.</summary>
    public ScheduledState(DateTimeOffset enqueueAt) => At = enqueueAt;

    /// <summary>The due time, when given as a time.</summary>
    public DateTimeOffset? At { get; }

    /// <summary>The delay, when given as one.</summary>
    public TimeSpan? Delay { get; }

    /// <inheritdoc />
    public string Name => StateName;

    /// <inheritdoc />
    public string? Reason { get; init; }

    /// <inheritdoc />
    public bool IsFinal => false;
}
