using Ember.States;

namespace Ember;

// Hangfire's client speaks in IState objects and state names; Ember's in requests and JobState. This maps one onto the
// other, and refuses what Ember's state table doesn't allow with a message that says what to use instead.
internal static class ClientStates
{
    /// <summary>The state named <paramref name="fromState"/>; null for none (any state).</summary>
    public static JobState? ParseExpected(string? fromState)
    {
        if (string.IsNullOrEmpty(fromState)) return null;
        return Enum.TryParse<JobState>(fromState, ignoreCase: false, out var state) && Enum.IsDefined(state) && !char.IsDigit(fromState[0])
            ? state
            : throw new ArgumentException($"'{fromState}' is not a job state; expected one of {string.Join(", ", Enum.GetNames<JobState>())} (e.g. FailedState.StateName), or null for any.", nameof(fromState));
    }

    /// <summary>The allowed sources, narrowed to <paramref name="expected"/> when given.</summary>
    public static IReadOnlyList<JobState> Narrow(IReadOnlyList<JobState> sources, string? expected) =>
        ParseExpected(expected) is { } state ? sources.Where(s => s == state).ToArray() : sources;

    /// <summary>A request creating <paramref name="job"/> in <paramref name="state"/>.</summary>
    public static CreateJobRequest ToRequest(Job job, string? queue, IState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state switch
        {
            EnqueuedState enqueued => new CreateJobRequest { Job = job, Queue = queue ?? enqueued.Queue },
            ScheduledState scheduled => new CreateJobRequest { Job = job, Queue = queue, EnqueueAt = scheduled.At, Delay = scheduled.Delay },
            AwaitingState awaiting => new CreateJobRequest
            {
                Job = job, Queue = queue ?? NextQueue(awaiting.NextState), ParentId = awaiting.ParentId, ContinuationOptions = awaiting.Options,
            },
            _ => throw new ArgumentException($"A new job starts Enqueued, Scheduled or Awaiting, not {state.Name}: pass an EnqueuedState, a ScheduledState or an AwaitingState.", nameof(state)),
        };
    }

    /// <summary>The queue a continuation's next state names: Ember releases continuations to Enqueued only.</summary>
    public static string? NextQueue(IState? nextState) => nextState switch
    {
        null => null,
        EnqueuedState enqueued => enqueued.Queue,
        _ => throw new ArgumentException($"A continuation is released to Enqueued (or Deleted, as its JobContinuationOptions say), so its next state can only be an EnqueuedState, not {nextState.Name}. To delay it, schedule a job from within the continuation.", nameof(nextState)),
    };
}
