namespace Ember.States;

/// <summary>
/// A state to create a job in or move it to, as in Hangfire: <see cref="EnqueuedState"/>, <see cref="ScheduledState"/>,
/// <see cref="AwaitingState"/>, <see cref="DeletedState"/>. Used by <c>Create(job, state)</c> and <c>ChangeState</c>;
/// the other states (<see cref="ProcessingState"/>, <see cref="SucceededState"/>, <see cref="FailedState"/>) are
/// entered by servers only, and their <c>StateName</c> constants name a state to expect (<c>Requeue(id, FailedState.StateName)</c>).
/// </summary>
public interface IState
{
    /// <summary>The state's name: one of the <see cref="JobState"/> names.</summary>
    string Name { get; }

    /// <summary>Why, for the job's history; null for none.</summary>
    string? Reason { get; }

    /// <summary>Whether the job won't run again in this state unless someone acts.</summary>
    bool IsFinal { get; }
}
