namespace Ember.Storage;

/// <summary>The answer of <see cref="IJobStore.CompleteJobsAsync"/>: what became of each completion.</summary>
/// <param name="Results">One per completion of the request, in the same order.</param>
public sealed record CompleteJobsResult(IReadOnlyList<CompletionResult> Results)
{
    /// <summary>How many completions were applied.</summary>
    public int Applied => Results.Count(r => r == CompletionResult.Applied);

    /// <summary>
    /// For store authors: the results of <paramref name="completions"/> from what the store found. A completion was
    /// applied when its lease is in <paramref name="applied"/> (its first one, when a run is named twice in the batch);
    /// its run was already completed when its lease is in <paramref name="completed"/> (the job left Processing under
    /// that lease before this call) or named earlier in the batch; otherwise the lease was lost.
    /// </summary>
    public static CompleteJobsResult From(IReadOnlyList<JobCompletion> completions, IReadOnlySet<HeldLease> applied, IReadOnlySet<HeldLease> completed)
    {
        ArgumentNullException.ThrowIfNull(completions);
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(completed);
        var results = new CompletionResult[completions.Count];
        var seen = new HashSet<HeldLease>();
        for (var i = 0; i < results.Length; i++)
        {
            var lease = new HeldLease(completions[i].JobId, completions[i].LeaseToken);
            var first = seen.Add(lease);
            results[i] = first && applied.Contains(lease) ? CompletionResult.Applied
                : !first || completed.Contains(lease) ? CompletionResult.RunAlreadyCompleted
                : CompletionResult.LeaseLost;
        }
        return new CompleteJobsResult(results);
    }
}
