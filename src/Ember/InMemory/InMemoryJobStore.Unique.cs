using Ember.Storage;

namespace Ember.InMemory;

public sealed partial class InMemoryJobStore
{
    // The holder takes the new job's arguments and due time; it stays Scheduled. Caller holds the lock.
    private void Debounce(StoredJob holder, NewJob spec, DateTimeOffset now)
    {
        _scheduled.Remove((holder.ScheduledAt!.Value, holder.Id));
        holder.Invocation = spec.Invocation;
        holder.ScheduledAt = spec.ScheduledAt;
        _scheduled.Add((holder.ScheduledAt!.Value, holder.Id));
        holder.History.Add(new StateHistoryEntry(JobState.Scheduled, HistoryKind.Debounced, now, spec.Reason, null, null, null));
    }

    // The newest job created with the key that still holds it (in one of its states, within its period). Caller holds the lock.
    private StoredJob? HolderOf(UniqueJobOptions unique, DateTimeOffset now)
    {
        if (!_uniqueKeys.TryGetValue(unique.Key, out var holders)) return null;
        var since = unique.Since(now);
        for (var i = holders.Count - 1; i >= 0; i--)
        {
            var job = _jobs[holders[i]];
            if (since is { } oldest && job.CreatedAt < oldest) return null;
            if (unique.HoldsIn(job.State)) return job;
        }
        return null;
    }
}
