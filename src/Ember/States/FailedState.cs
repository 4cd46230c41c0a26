namespace Ember.States;

/// <summary>
/// Out of retries. Entered by servers only. Its <see cref="StateName"/> names the state to expect, e.g. in
/// <c>Requeue(jobId, FailedState.StateName)</c>; a client can't move a job to it.
/// </summary>
public sealed class FailedState : IState
{
    /// <summary>The state's name, as in <see cref="JobState.Failed"/>.</summary>
    public const string StateName = nameof(JobState.Failed);

    /// <inheritdoc />
    public string Name => StateName;

    /// <inheritdoc />
    public string? Reason { get; init; }

    /// <inheritdoc />
    public bool IsFinal => false;
}
