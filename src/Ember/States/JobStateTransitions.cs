namespace Ember;

/// <summary>
/// The one table of allowed state transitions. Stores apply transitions the core asks for; the core asks only for
/// these. docs/states.md is this table in prose; a test checks that the two agree.
/// </summary>
public static class JobStateTransitions
{
    private static readonly Dictionary<JobState, JobState[]> Allowed = new()
    {
        // Fetched by a worker; rescheduled or deleted by a user.
        [JobState.Enqueued] = [JobState.Processing, JobState.Scheduled, JobState.Deleted],
        // Due time reached or requeued by a user; rescheduled (a new due time); deleted.
        [JobState.Scheduled] = [JobState.Enqueued, JobState.Scheduled, JobState.Deleted],
        // Parent finished (continuations); deleted (parent failed, or a user).
        [JobState.Awaiting] = [JobState.Enqueued, JobState.Deleted],
        // Outcome of a run: success, retry later (or rescheduled by a user), out of retries; handed back at shutdown,
        // rescued after a lost lease or requeued by a user (all Enqueued); deleted by a user or a retry policy.
        [JobState.Processing] = [JobState.Succeeded, JobState.Scheduled, JobState.Failed, JobState.Enqueued, JobState.Deleted],
        // Requeued or rescheduled by a user; deleted.
        [JobState.Succeeded] = [JobState.Enqueued, JobState.Scheduled, JobState.Deleted],
        // Requeued or rescheduled by a user; deleted.
        [JobState.Failed] = [JobState.Enqueued, JobState.Scheduled, JobState.Deleted],
        // Requeued or rescheduled by a user (undo of a delete).
        [JobState.Deleted] = [JobState.Enqueued, JobState.Scheduled],
    };

    /// <summary>The states a new job may start in.</summary>
    public static IReadOnlyList<JobState> InitialStates { get; } = [JobState.Enqueued, JobState.Scheduled, JobState.Awaiting];

    /// <summary>Whether a job may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(JobState from, JobState to) => Allowed[from].Contains(to);

    /// <summary>The states a job in <paramref name="to"/> may have come from.</summary>
    public static IReadOnlyList<JobState> SourcesOf(JobState to) =>
        Allowed.Where(pair => pair.Value.Contains(to)).Select(pair => pair.Key).ToArray();

    /// <summary>The states a job in <paramref name="from"/> may go to.</summary>
    public static IReadOnlyList<JobState> TargetsOf(JobState from) => Allowed[from];

    /// <summary>Whether the state is final: the job will not run again unless a user requeues it.</summary>
    public static bool IsFinal(JobState state) => state is JobState.Succeeded or JobState.Deleted;
}
