using Ember.Storage;

namespace Ember.Redis;

/// <summary>
/// The kind of a history entry written before kinds existed, from the reason text Ember's earlier versions wrote (the
/// SQL stores convert theirs once, in a migration; a Redis history is a list of JSON values, read here instead).
/// Rescued and RequeuedByUser are exact: they decide how many of a job's runs count against its retries.
/// </summary>
internal static class LegacyHistoryKind
{
    public static HistoryKind Of(JobState state, string? reason) => (state, reason) switch
    {
        (JobState.Processing, _) => HistoryKind.Fetched,
        (_, { } r) when r.StartsWith("Rescued:", StringComparison.Ordinal) => HistoryKind.Rescued,
        (_, "Requeued by user") => HistoryKind.RequeuedByUser,
        (_, "Deleted by user") => HistoryKind.DeletedByUser,
        (_, { } r) when r.StartsWith("Handed back", StringComparison.Ordinal) => HistoryKind.HandedBack,
        (_, "Scheduled time reached") => HistoryKind.Due,
        (_, { } r) when r.StartsWith("Parent job ", StringComparison.Ordinal) =>
            r.Contains(" Succeeded", StringComparison.Ordinal) ? HistoryKind.ParentSucceeded
            : r.Contains(" Failed", StringComparison.Ordinal) ? HistoryKind.ParentFailed
            : HistoryKind.ParentDeleted,
        (JobState.Succeeded, _) => HistoryKind.Succeeded,
        (JobState.Scheduled, { } r) when r.StartsWith("Retry ", StringComparison.Ordinal) => HistoryKind.RetryScheduled,
        (_, { } r) when r.StartsWith("Retries exhausted", StringComparison.Ordinal) || r.StartsWith("Not retried on ", StringComparison.Ordinal)
                        || r.StartsWith("Could not load the job", StringComparison.Ordinal) => HistoryKind.Failed,
        (_, { } r) when r.StartsWith("Interrupted ", StringComparison.Ordinal) => HistoryKind.Interrupted,
        (JobState.Enqueued or JobState.Scheduled or JobState.Awaiting, null) => HistoryKind.Created,
        (JobState.Enqueued or JobState.Scheduled or JobState.Awaiting, { } r) when r.StartsWith("Scheduled for ", StringComparison.Ordinal)
            || r.StartsWith("Continuation of job ", StringComparison.Ordinal) || r.StartsWith("Recurring job ", StringComparison.Ordinal) => HistoryKind.Created,
        _ => HistoryKind.Unspecified,
    };
}
