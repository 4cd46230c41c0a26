namespace Ember.Storage;

/// <summary>
/// Where a batch is. It is Started until every member (job, or nested batch) has finished (Succeeded, Failed for good,
/// or Deleted), then it finishes once, in the transaction that finishes its last member, and its continuations are
/// released with it as their parent (<see cref="BatchRules"/>). Its counts go on following members requeued after.
/// </summary>
public enum BatchState
{
    /// <summary>Some members have not finished.</summary>
    Started = 0,

    /// <summary>Every member succeeded.</summary>
    Succeeded = 1,

    /// <summary>Every member finished, and some failed for good or were deleted ("completed with failures").</summary>
    Completed = 2,

    /// <summary>The batch was cancelled (<see cref="IJobClientStore.CancelBatchAsync"/>) and every member has finished since.</summary>
    Deleted = 3,
}
