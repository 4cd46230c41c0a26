namespace Ember.States;

/// <summary>Deleted: the job won't run (again). Final; expires after <see cref="EmberOptions.JobExpiration"/>.</summary>
public sealed class DeletedState : IState
{
    /// <summary>The state's name, as in <see cref="JobState.Deleted"/>.</summary>
    public const string StateName = nameof(JobState.Deleted);

    /// <inheritdoc />
    public string Name => StateName;

    /// <inheritdoc />
    public string? Reason { get; init; }

    /// <inheritdoc />
    public bool IsFinal => true;
}
