namespace Ember.Storage;

/// <summary>What became of one completion given to <see cref="IJobStore.CompleteJobsAsync"/>.</summary>
public enum CompletionResult
{
    /// <summary>The outcome was applied: the run still held its lease.</summary>
    Applied,

    /// <summary>
    /// This run's outcome had already been written: by an earlier write of the same completion (retried after a lost
    /// connection whose first try landed) or by an earlier completion of the same run in the batch. Nothing changed.
    /// </summary>
    RunAlreadyCompleted,

    /// <summary>The run no longer held the job: it was deleted, requeued or rescued meanwhile. Nothing changed.</summary>
    LeaseLost,
}
