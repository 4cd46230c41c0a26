using Ember.Storage;

namespace Ember.Storage.Conformance;

/// <summary>
/// History entries as Ember's versions before <see cref="HistoryKind"/> wrote them (state and reason text), with the kind
/// each must read back as once a store has upgraded. Every store's upgrade test writes these the old way.
/// </summary>
public static class LegacyHistory
{
    public static IReadOnlyList<(JobState State, string? Reason, HistoryKind Kind)> Entries { get; } =
    [
        (JobState.Enqueued, null, HistoryKind.Created),
        (JobState.Scheduled, "Scheduled for 2030-01-01 12:00:00Z", HistoryKind.Created),
        (JobState.Enqueued, "Recurring job nightly", HistoryKind.Created),
        (JobState.Processing, null, HistoryKind.Fetched),
        (JobState.Processing, "Started on s1", HistoryKind.Fetched),
        (JobState.Enqueued, "Rescued: the lease of server s1 expired", HistoryKind.Rescued),
        (JobState.Enqueued, "Requeued by user", HistoryKind.RequeuedByUser),
        (JobState.Deleted, "Deleted by user", HistoryKind.DeletedByUser),
        (JobState.Enqueued, "Handed back: server s1 shut down before the job finished", HistoryKind.HandedBack),
        (JobState.Enqueued, "Scheduled time reached", HistoryKind.Due),
        (JobState.Enqueued, "Parent job 7 Succeeded", HistoryKind.ParentSucceeded),
        (JobState.Deleted, "Parent job 7 Failed; this continuation runs only on success", HistoryKind.ParentFailed),
        (JobState.Deleted, "Parent job 7 Deleted; this continuation runs only on success", HistoryKind.ParentDeleted),
        (JobState.Succeeded, "Succeeded on s1", HistoryKind.Succeeded),
        (JobState.Succeeded, null, HistoryKind.Succeeded),
        (JobState.Scheduled, "Retry 1 of 10 in 38 s after System.TimeoutException", HistoryKind.RetryScheduled),
        (JobState.Failed, "Retries exhausted after 10 attempts", HistoryKind.Failed),
        (JobState.Failed, "Not retried on System.ArgumentException", HistoryKind.Failed),
        (JobState.Failed, "Could not load the job: type Missing not found", HistoryKind.Failed),
        (JobState.Failed, "Interrupted 3 times by its server stopping", HistoryKind.Interrupted),
        (JobState.Failed, "Chosen by an audit filter", HistoryKind.Unspecified),
    ];
}
