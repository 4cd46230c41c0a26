using Ember.Storage;

namespace Ember;

/// <summary>What a run came to, as the <c>ember.job.outcome</c> attribute says it: the state alone can't tell a retry
/// (Scheduled after a failure) from a job an elect-state filter postponed.</summary>
internal static class JobOutcome
{
    public static string Of(StateChange change) => change switch
    {
        { State: JobState.Succeeded } => "succeeded",
        { State: JobState.Failed } => "failed",
        { State: JobState.Deleted } => "deleted",
        { State: JobState.Scheduled or JobState.Enqueued, Error: not null } => "retried",
        { Kind: HistoryKind.HandedBack } => "handed_back",
        { Kind: HistoryKind.RateLimited } => "rate_limited",
        { State: JobState.Scheduled } => "scheduled",
        _ => "requeued",
    };
}
