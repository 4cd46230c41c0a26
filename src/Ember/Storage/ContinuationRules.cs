namespace Ember.Storage;

/// <summary>
/// What every store does with continuations, in the same transaction as the change that finishes their parent. A
/// job finishes when it enters Succeeded, Failed or Deleted; its Awaiting continuations are then released:
/// <list type="bullet">
/// <item>to Enqueued when the parent Succeeded, or when the continuation runs <see cref="JobContinuationOptions.OnAnyFinishedState"/>;</item>
/// <item>otherwise to Deleted, with the finishing change's <see cref="StateChange.ContinuationsExpireAt"/> (or the new
/// job's <see cref="NewJob.ExpireAtIfDeleted"/> at creation) as expiry — and a Deleted continuation finishes in turn,
/// so its own continuations are released the same way, down the whole chain.</item>
/// </list>
/// Each release adds a history entry naming the parent. Unlike Hangfire, a parent that Failed (retries exhausted)
/// counts as finished, so no continuation waits forever on a failed job.
/// </summary>
public static class ContinuationRules
{
    /// <summary>Whether entering <paramref name="state"/> finishes a job for its continuations.</summary>
    public static bool Finishes(JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Deleted;

    /// <summary>The state a continuation moves to when its parent finished in <paramref name="parentState"/>.</summary>
    public static JobState Release(JobState parentState, JobContinuationOptions options) =>
        parentState == JobState.Succeeded || options == JobContinuationOptions.OnAnyFinishedState ? JobState.Enqueued : JobState.Deleted;

    /// <summary>The history reason of a released continuation.</summary>
    public static string Reason(string parentId, JobState parentState, JobState released) => released == JobState.Enqueued
        ? $"Parent job {parentId} {parentState}"
        : $"Parent job {parentId} {parentState}; this continuation runs only on success";
}
