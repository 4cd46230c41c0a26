namespace Ember.Storage;

/// <summary>
/// Why a job changed state: the typed reason that every store writes with each history entry, beside the state
/// entered. The core reads kinds back (a rescue spends one of the job's interruptions, a user's requeue starts its
/// counts afresh) and renders texts for people from them (<see cref="StateHistoryEntry.Description"/>); no store
/// composes or parses reason texts. Stored as its number: members are never renumbered.
/// </summary>
public enum HistoryKind : short
{
    /// <summary>No kind was given (a store's own test, or an entry written before kinds existed that named none).</summary>
    Unspecified = 0,

    /// <summary>The job was created in its initial state (Enqueued, Scheduled or Awaiting).</summary>
    Created = 1,

    /// <summary>A server claimed the job (Processing); the entry's server is the one that runs it.</summary>
    Fetched = 2,

    /// <summary>The run succeeded.</summary>
    Succeeded = 3,

    /// <summary>The run failed and the job is retried later (Scheduled), as its retry policy says.</summary>
    RetryScheduled = 4,

    /// <summary>
    /// The run failed for good: retries exhausted, an exception not retried, or a job that could not be loaded
    /// (Failed, or Deleted when the retry policy deletes).
    /// </summary>
    Failed = 5,

    /// <summary>The job's runs were interrupted by their server stopping more often than it allows (Failed or Deleted).</summary>
    Interrupted = 6,

    /// <summary>Its server shut down before the run finished and handed the job back to its queue (Enqueued).</summary>
    HandedBack = 7,

    /// <summary>The lease of the server that ran it expired (a crash or stall) and the job went back to its queue; the entry's server is that one.</summary>
    Rescued = 8,

    /// <summary>A Scheduled job's time came (Enqueued).</summary>
    Due = 9,

    /// <summary>The parent of this continuation succeeded: the continuation was released (Enqueued) or, if it doesn't run then, Deleted.</summary>
    ParentSucceeded = 10,

    /// <summary>The parent of this continuation failed for good: the continuation was released or Deleted, as its options say.</summary>
    ParentFailed = 11,

    /// <summary>The parent of this continuation was deleted: the continuation was released or Deleted, as its options say.</summary>
    ParentDeleted = 12,

    /// <summary>A user requeued the job (Enqueued): its counts of failed and interrupted runs start afresh.</summary>
    RequeuedByUser = 13,

    /// <summary>A user deleted the job.</summary>
    DeletedByUser = 14,

    /// <summary>A filter chose this state instead of running the job or instead of the run's own outcome.</summary>
    ChosenByFilter = 15,

    /// <summary>A user gave the job a new due time (Scheduled), e.g. with <c>Reschedule</c>.</summary>
    RescheduledByUser = 16,

    /// <summary>The running job snoozed (Scheduled again, no retry spent): <see cref="SnoozeJobException"/>.</summary>
    Snoozed = 30,

    /// <summary>The running job cancelled itself (Deleted, no retry): <see cref="CancelJobException"/>.</summary>
    CancelledByJob = 31,

    /// <summary>A later enqueue with the job's unique key replaced its arguments and due time (debounce); the job stays Scheduled.</summary>
    Debounced = 32,

    /// <summary>
    /// Its server claimed the job ahead of its workers and shut down before starting it, so it handed the job back to
    /// its queue (Enqueued) unrun. Like <see cref="HandedBack"/>, it spends none of the job's runs.
    /// </summary>
    HandedBackUnstarted = 40,

    /// <summary>
    /// The job was claimed but not started: one of its rate limits (<see cref="RateLimitOptions"/>) allowed no more
    /// starts yet, so it was Scheduled for when it will. No retry is spent; the reason names the limit.
    /// </summary>
    RateLimited = 60,
}
