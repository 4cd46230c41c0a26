using Ember.Storage;

namespace Ember.InMemory;

public sealed partial class InMemoryJobStore
{
    // The state of a parent (job or batch) as a continuation sees it: finished or not. A member of the same batch
    // request not created yet (checked by Check) has not finished: its first finish counts this continuation down.
    private JobState ParentState(long id) =>
        _jobs.TryGetValue(id, out var job) ? job.State
        : _batches.TryGetValue(id, out var batch) ? BatchRules.ParentStateOf(batch.State) ?? JobState.Awaiting
        : JobState.Awaiting;

    // Links a new continuation to its parents, counting down those that have already finished, in order, as if each
    // finished now (ContinuationRules): the first whose state the options don't name deletes it, the last releases it.
    private void Link(StoredJob job, IReadOnlyList<string> parentIds, DateTimeOffset? expireAtIfDeleted, DateTimeOffset now)
    {
        var finished = new List<JobState>();
        job.ParentIds ??= [];
        job.WaitingOn ??= [];
        foreach (var parentId in parentIds)
        {
            var parent = StoredValues.TryParseJobId(parentId, out var id) ? id : throw JobNotFoundException.Parent(parentId);
            job.ParentIds.Add(parent);
            if (!_continuations.TryGetValue(parent, out var children)) _continuations[parent] = children = [];
            children.Add(job.Id);
            var parentState = ParentState(parent);
            if (ContinuationRules.Finishes(parentState)) finished.Add(parentState);
            else job.WaitingOn.Add(parent);
        }
        for (var i = 0; i < finished.Count; i++)
        {
            if (ContinuationRules.ReleaseAfter(finished[i], job.ContinuationOptions, job.WaitingOn.Count) is not { } state) continue;
            if (state == JobState.Enqueued && i != finished.Count - 1) continue; // the last finished parent releases it
            Apply(job, StateChange.Released(finished[i], state, expireAtIfDeleted), now);
            return;
        }
    }

    // A parent's first finish counts once for each of its continuations; one still Awaiting may be released by it.
    private void CountDown(StoredJob continuation, long parentId, JobState parentState, DateTimeOffset? expireAtIfDeleted, DateTimeOffset now)
    {
        if (continuation.WaitingOn?.Remove(parentId) != true || continuation.State != JobState.Awaiting) return;
        if (ContinuationRules.ReleaseAfter(parentState, continuation.ContinuationOptions, continuation.WaitingOn!.Count) is { } state)
            Apply(continuation, StateChange.Released(parentState, state, expireAtIfDeleted), now);
    }
}
