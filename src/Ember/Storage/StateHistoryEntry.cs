namespace Ember.Storage;

/// <summary>One transition in a job's history.</summary>
/// <param name="State">The state entered.</param>
/// <param name="Kind">Why: the typed reason the store wrote.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Details for people beyond the kind (e.g. "Retry 2 of 10 in 38 s after ..."), if any.</param>
/// <param name="ServerId">The server concerned, if any: the one that ran the job, or whose lease expired (<see cref="HistoryKind.Rescued"/>).</param>
/// <param name="Error">The exception that led here, if any.</param>
/// <param name="Duration">For a run's outcome: how long the run took.</param>
public sealed record StateHistoryEntry(JobState State, HistoryKind Kind, DateTimeOffset At, string? Reason, string? ServerId, JobError? Error, TimeSpan? Duration)
{
    /// <summary>The entry in words, for people: the reason when one was given, otherwise rendered from the kind.</summary>
    public string Description => Reason ?? Kind switch
    {
        HistoryKind.Created => State switch
        {
            JobState.Scheduled => "Scheduled",
            JobState.Awaiting => "Waiting for its parent job",
            _ => "Enqueued",
        },
        HistoryKind.Fetched => $"Started on {ServerId}",
        HistoryKind.Succeeded => "Succeeded",
        HistoryKind.HandedBack => $"Handed back: server {ServerId} shut down before the job finished",
        HistoryKind.HandedBackUnstarted => $"Handed back: server {ServerId} shut down before starting the job",
        HistoryKind.Rescued => $"Rescued: the lease of server {ServerId} expired",
        HistoryKind.Due => "Scheduled time reached",
        HistoryKind.ParentSucceeded or HistoryKind.ParentFailed or HistoryKind.ParentDeleted => State == JobState.Enqueued
            ? $"Parent job {ParentOutcome}"
            : $"Parent job {ParentOutcome}; this continuation doesn't run then",
        HistoryKind.RequeuedByUser => "Requeued by user",
        HistoryKind.DeletedByUser => "Deleted by user",
        HistoryKind.RescheduledByUser => "Rescheduled by user",
        HistoryKind.Snoozed => "Snoozed by the job",
        HistoryKind.CancelledByJob => "Cancelled by the job",
        HistoryKind.Debounced => "Debounced: a later enqueue replaced the arguments and due time",
        HistoryKind.RateLimited => "Rate limited: not started, scheduled for when its rate limit allows it",
        _ => State.ToString(),
    };

    private string ParentOutcome => Kind switch
    {
        HistoryKind.ParentSucceeded => "succeeded",
        HistoryKind.ParentFailed => "failed",
        _ => "was deleted",
    };
}
