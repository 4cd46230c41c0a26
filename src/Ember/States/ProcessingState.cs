namespace Ember.States;

/// <summary>
/// Held by a server's worker. Entered by servers only. Its <see cref="StateName"/> names the state to expect, e.g. in
/// <c>Requeue(jobId, ProcessingState.StateName)</c>; a client can't move a job to it.
/// </summary>
public sealed class ProcessingState : IState
{
    /// <summary>The state's name, as in <see cref="JobState.Processing"/>.</summary>
    public const string StateName = nameof(JobState.Processing);

    /// <inheritdoc />
    public string Name => StateName;

    /// <inheritdoc />
    public string? Reason { get; init; }

    /// <inheritdoc />
    public bool IsFinal => false;
}
