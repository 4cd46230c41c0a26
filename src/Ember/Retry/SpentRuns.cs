using Ember.Storage;

namespace Ember.Retry;

/// <summary>
/// The runs that spent a job's retries since it was created or a user last requeued it: failed runs, and runs
/// interrupted by their server stopping (rescued). Shutdown hand-backs spend nothing.
/// </summary>
/// <param name="Count">Failed plus interrupted runs.</param>
/// <param name="LastInterrupted">Whether the latest of them was interrupted, so the job is about to run again after a rescue.</param>
internal readonly record struct SpentRuns(int Count, bool LastInterrupted)
{
    public static SpentRuns In(IReadOnlyList<StateHistoryEntry> history)
    {
        var spent = new SpentRuns(0, false);
        foreach (var entry in history)
        {
            if (entry.Reason == BackgroundJobClient.RequeuedByUser) spent = new SpentRuns(0, false);
            else if (entry.Error is not null) spent = new SpentRuns(spent.Count + 1, false);
            else if (RescueReason.IsRescue(entry)) spent = new SpentRuns(spent.Count + 1, true);
        }
        return spent;
    }
}
