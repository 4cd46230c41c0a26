using Ember.Storage;

namespace Ember.Retry;

/// <summary>
/// The runs a job has used up since it was created or a user last requeued it: failed runs, which spend its retries,
/// and runs interrupted by their server stopping (then rescued), which spend its interruptions. Shutdown hand-backs
/// spend nothing. Read from the history's kinds and errors.
/// </summary>
/// <param name="Failures">Runs that ended with an error.</param>
/// <param name="Interruptions">Runs whose server stopped before they ended.</param>
/// <param name="LastInterrupted">Whether the latest of them was interrupted: the job is about to run again after a rescue.</param>
internal readonly record struct SpentRuns(int Failures, int Interruptions, bool LastInterrupted)
{
    public static SpentRuns In(IReadOnlyList<StateHistoryEntry> history)
    {
        var spent = default(SpentRuns);
        foreach (var entry in history)
        {
            if (entry.Kind == HistoryKind.RequeuedByUser) spent = default;
            else if (entry.Error is not null) spent = spent with { Failures = spent.Failures + 1, LastInterrupted = false };
            else if (entry.Kind == HistoryKind.Rescued) spent = spent with { Interruptions = spent.Interruptions + 1, LastInterrupted = true };
        }
        return spent;
    }
}
