namespace Ember.States;

/// <summary>
/// Ran to completion. Entered by servers only. Its <see cref="StateName"/> names the state to expect, e.g. in
/// <c>Requeue(jobId, SucceededState.StateName)</c>; a client can't move a job to it.
/// </summary>
public sealed class SucceededState : IState
{
    /// <summary>The state's name, as in <see cref="JobState.Succeeded"/>.</summary>
    public const string StateName = nameof(JobState.Succeeded);

    /// <inheritdoc />
    public string Name => StateName;

    /// <inheritdoc />
    public string? Reason { get; init; }

    /// <inheritdoc />
    public bool IsFinal => true;
}
