namespace Ember.Storage;

/// <summary>
/// What every store does with batches, on the write path, in the transaction of each change of a member. A batch keeps
/// counts of its members by outcome (Succeeded, Failed, Deleted): a member entering one of them adds one, leaving one
/// (a requeue) takes one away: O(1) per change, never a scan of the batch. When the finished members reach the total,
/// the batch finishes (<see cref="FinishedState"/>) and is then a finished parent for its continuations, as a job
/// is (<see cref="ContinuationRules"/>), with <see cref="ParentStateOf"/> as its outcome; a nested batch is then one
/// finished member of its parent. A batch without members finishes (Succeeded) when it is created.
/// </summary>
public static class BatchRules
{
    /// <summary>The state a batch finishes in, from its counts and whether it was cancelled.</summary>
    public static BatchState FinishedState(bool cancelled, long failed, long deleted) =>
        cancelled ? BatchState.Deleted : failed + deleted == 0 ? BatchState.Succeeded : BatchState.Completed;

    /// <summary>
    /// A finished batch as a parent: Succeeded when every member succeeded, Failed when it completed with failures
    /// (<c>OnlyOnFailedState</c> continuations run then), Deleted when it was cancelled. Null while it is Started.
    /// </summary>
    public static JobState? ParentStateOf(BatchState state) => state switch
    {
        BatchState.Succeeded => JobState.Succeeded,
        BatchState.Completed => JobState.Failed,
        BatchState.Deleted => JobState.Deleted,
        _ => null,
    };

    /// <summary>How a member's move from <paramref name="from"/> (null: new) to <paramref name="to"/> changes its batch's count of <paramref name="outcome"/>.</summary>
    public static int Delta(JobState? from, JobState to, JobState outcome) => (to == outcome ? 1 : 0) - (from == outcome ? 1 : 0);
}
