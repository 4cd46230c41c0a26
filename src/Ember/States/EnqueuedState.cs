namespace Ember.States;

/// <summary>Waiting in a queue for a worker.</summary>
public sealed class EnqueuedState : IState
{
    /// <summary>The state's name, as in <see cref="JobState.Enqueued"/>.</summary>
    public const string StateName = nameof(JobState.Enqueued);

    /// <summary>Hangfire's default queue name, which is also Ember's default (<see cref="EmberOptions.DefaultQueue"/>).</summary>
    public const string DefaultQueue = "default";

    /// <summary>The job's own queue: its <c>[Queue]</c> attribute, or <see cref="EmberOptions.DefaultQueue"/>.</summary>
    public EnqueuedState()
    {
    }

    /// <summary>On <paramref name="queue"/>.</summary>
    public EnqueuedState(string queue) => Queue = QueueName.Validate(queue, "EnqueuedState queue");

    /// <summary>The queue; null for the job's own (see the parameterless constructor).</summary>
    public string? Queue { get; }

    /// <inheritdoc />
    public string Name => StateName;

    /// <inheritdoc />
    public string? Reason { get; init; }

    /// <inheritdoc />
    public bool IsFinal => false;
}
