namespace Ember.States;

/// <summary>A continuation waiting for its parent job to finish.</summary>
public sealed class AwaitingState : IState
{
    /// <summary>The state's name, as in <see cref="JobState.Awaiting"/>.</summary>
    public const string StateName = nameof(JobState.Awaiting);

    /// <summary>Waits for <paramref name="parentId"/>, then is enqueued (or deleted) as <paramref name="options"/> say.</summary>
    /// <param name="parentId">The parent job.</param>
    /// <param name="nextState">Where the continuation goes when released: an <see cref="EnqueuedState"/> (its queue is used); null for the job's own queue.</param>
    /// <param name="options">The parent outcomes it runs after.</param>
    public AwaitingState(string parentId, IState? nextState = null, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parentId);
        ParentId = parentId;
        NextState = nextState;
        Options = options;
    }

    /// <summary>The parent job.</summary>
    public string ParentId { get; }

    /// <summary>Where the continuation goes when released; null for its own queue.</summary>
    public IState? NextState { get; }

    /// <summary>The parent outcomes it runs after.</summary>
    public JobContinuationOptions Options { get; }

    /// <inheritdoc />
    public string Name => StateName;

    /// <inheritdoc />
    public string? Reason { get; init; }

    /// <inheritdoc />
    public bool IsFinal => false;
}
