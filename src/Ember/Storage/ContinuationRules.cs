namespace Ember.Storage;

/// <summary>
/// What every store does with continuations, in the same transaction as the change that finishes their parent. A
/// job finishes when it enters Succeeded, Failed or Deleted; its Awaiting continuations are then released:
/// <list type="bullet">
/// <item>to Enqueued when their <see cref="JobContinuationOptions"/> name the parent's state (or are OnAnyFinishedState);</item>
/// <item>otherwise to Deleted, with the finishing change's <see cref="StateChange.ContinuationsExpireAt"/> (or the new
/// job's <see cref="NewJob.ExpireAtIfDeleted"/> at creation) as expiry — and a Deleted continuation finishes in turn,
/// so its own continuations are released the same way, down the whole chain.</item>
/// </list>
/// A store that can't call <see cref="Release"/> (SQL, Lua) matches the options' stored name
/// (<see cref="StoredValues.Name{TEnum}"/>, e.g. "OnlyOnSucceededState, OnlyOnFailedState") against the parent's
/// state: released when the name is "OnAnyFinishedState" or contains "OnlyOn&lt;state&gt;State". Each release adds a
/// history entry whose kind names the parent's state (<see cref="KindOf"/>). Unlike Hangfire, a parent that Failed
/// (retries exhausted) counts as finished, so no continuation waits forever on a failed job.
/// <para>
/// Fan-in: a continuation of several parents (<see cref="NewJob.ParentIds"/>) keeps a countdown of the parents that
/// have not finished yet, decremented in the transaction that finishes each one; one parent is one continuation of
/// one parent counting down from 1. Each parent counts once, at its first finish (a parent requeued and finished
/// again changes nothing, as for one parent). The first parent that finishes in a state the options don't name
/// deletes the continuation at once (it can no longer run); otherwise the parent whose finish brings the countdown
/// to zero releases it to Enqueued (<see cref="ReleaseAfter"/>). The same holds at creation for parents that have
/// already finished, taken in the order given.
/// </para>
/// </summary>
public static class ContinuationRules
{
    /// <summary>Whether entering <paramref name="state"/> finishes a job for its continuations.</summary>
    public static bool Finishes(JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Deleted;

    /// <summary>The state a continuation moves to when its parent finished in <paramref name="parentState"/>.</summary>
    public static JobState Release(JobState parentState, JobContinuationOptions options) =>
        options == JobContinuationOptions.OnAnyFinishedState || options.HasFlag(FlagOf(parentState)) ? JobState.Enqueued : JobState.Deleted;

    /// <summary>
    /// What becomes of a waiting continuation when one of its parents finishes in <paramref name="parentState"/> and
    /// <paramref name="parentsLeft"/> of its parents (this one no longer counted) have still not finished: Deleted when
    /// the options don't name that state, Enqueued when it was the last, or null when it goes on waiting.
    /// </summary>
    public static JobState? ReleaseAfter(JobState parentState, JobContinuationOptions options, int parentsLeft) =>
        Release(parentState, options) == JobState.Deleted ? JobState.Deleted : parentsLeft == 0 ? JobState.Enqueued : null;

    /// <summary>The history kind of a continuation released because its parent finished in <paramref name="parentState"/>.</summary>
    public static HistoryKind KindOf(JobState parentState) => parentState switch
    {
        JobState.Succeeded => HistoryKind.ParentSucceeded,
        JobState.Failed => HistoryKind.ParentFailed,
        _ => HistoryKind.ParentDeleted,
    };

    private static JobContinuationOptions FlagOf(JobState parentState) => parentState switch
    {
        JobState.Succeeded => JobContinuationOptions.OnlyOnSucceededState,
        JobState.Failed => JobContinuationOptions.OnlyOnFailedState,
        JobState.Deleted => JobContinuationOptions.OnlyOnDeletedState,
        _ => throw new ArgumentOutOfRangeException(nameof(parentState), parentState, "Only Succeeded, Failed and Deleted finish a job."),
    };
}
