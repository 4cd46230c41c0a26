using Ember.Storage;

namespace Ember.InMemory;

// Concurrency limits: the count of Processing jobs per key, kept by Apply as jobs enter and leave Processing, and the
// limits set at run time. The fetch reads both under the store's lock, so no two fetches can overfill a key.
// A job the fetch finds over its key's limit is parked: moved out of its queue's fetch set into _parkedByKey and
// _parkedByQueue, so no later fetch walks it again (a hot key's backlog costs the other keys nothing). Each run of the
// key that ends puts back the oldest parked job of the key in each queue (and wakes those queues): one per queue, so
// that a server fetching its queues in order still takes the key's job of its first queue; the next fetch parks
// again the ones that find the key full. A limit set at run time puts them all back. Parked jobs are Enqueued to
// every reader.
public sealed partial class InMemoryJobStore
{
    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _concurrencyLimits = new(StringComparer.Ordinal);
    // Enqueued jobs with a concurrency key per queue, parked ones aside: a queue without any is fetched oldest first
    // with no key checks.
    private readonly Dictionary<string, int> _keyedEnqueued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, SortedSet<long>>> _parkedByKey = new(StringComparer.Ordinal); // key -> queue -> ids
    private readonly Dictionary<string, SortedSet<long>> _parkedByQueue = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task SetConcurrencyLimitAsync(SetConcurrencyLimitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        lock (_lock)
        {
            if (request.Limit is { } limit) _concurrencyLimits[request.Key] = limit;
            else _concurrencyLimits.Remove(request.Key);
            ReleaseParked(request.Key, int.MaxValue);
            // A raised limit may let waiting jobs run: wake every queue that holds keyed jobs.
            foreach (var (queue, count) in _keyedEnqueued) if (count > 0) _enqueuedQueues.Add(queue);
        }
        FlushNotifications();
        return Task.CompletedTask;
    }

    internal IReadOnlyList<ConcurrencyKeyInfo> ConcurrencyKeys()
    {
        lock (_lock)
        {
            var holders = _processing.Select(id => _jobs[id]).Where(j => j.Concurrency is not null)
                .GroupBy(j => j.Concurrency!.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(j => j.Id).Select(j => j.IdText).ToArray(), StringComparer.Ordinal);
            var waiting = _keyedEnqueued.Any(q => q.Value > 0)
                ? _enqueuedByQueue.Values.SelectMany(ids => ids).Select(id => _jobs[id]).Where(j => j.Concurrency is not null)
                    .GroupBy(j => j.Concurrency!.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.LongCount(), StringComparer.Ordinal)
                : new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (key, queues) in _parkedByKey) waiting[key] = waiting.GetValueOrDefault(key) + queues.Values.Sum(ids => ids.Count);
            return holders.Keys.Union(_concurrencyLimits.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(key => new ConcurrencyKeyInfo(key, _concurrencyLimits.TryGetValue(key, out var limit) ? limit : null,
                    holders.TryGetValue(key, out var ids) ? ids : [], waiting.GetValueOrDefault(key)))
                .ToArray();
        }
    }

    private bool HasKeyedJobs(string queue) => _keyedEnqueued.GetValueOrDefault(queue) > 0;

    private int LimitOf(ConcurrencyLimit concurrency) =>
        concurrency.EffectiveLimit(_concurrencyLimits.TryGetValue(concurrency.Key, out var set) ? set : null);

    private void CountKeyedEnqueued(string queue, int delta) => _keyedEnqueued[queue] = _keyedEnqueued.GetValueOrDefault(queue) + delta;

    private void TakeSlot(string key) => _running[key] = _running.GetValueOrDefault(key) + 1;

    // A run of the key ended: its slot is free, the oldest job parked by the key goes back to its queue, and the
    // servers waiting for either queue hear of it.
    private void FreeSlot(string key, string queue)
    {
        if (--_running[key] == 0) _running.Remove(key);
        ReleaseParked(key, 1);
        if (HasKeyedJobs(queue)) _enqueuedQueues.Add(queue);
    }

    // Caller holds the lock; the job is in its queue's fetch set, and its key is full.
    private void Park(StoredJob job)
    {
        _enqueuedByQueue[job.Queue].Remove(job.Id);
        CountKeyedEnqueued(job.Queue, -1);
        job.Parked = true;
        if (!_parkedByKey.TryGetValue(job.Concurrency!.Key, out var queues)) _parkedByKey[job.Concurrency.Key] = queues = new(StringComparer.Ordinal);
        ParkedSet(queues, job.Queue).Add(job.Id);
        ParkedSet(_parkedByQueue, job.Queue).Add(job.Id);
    }

    // A parked job leaves Enqueued (deleted, scheduled, ...): it leaves the parked sets, and Apply indexes its new state.
    private void ForgetParked(StoredJob job)
    {
        job.Parked = false;
        var key = job.Concurrency!.Key;
        if (_parkedByKey.TryGetValue(key, out var queues))
        {
            RemoveParked(queues, job.Queue, job.Id);
            if (queues.Count == 0) _parkedByKey.Remove(key);
        }
        RemoveParked(_parkedByQueue, job.Queue, job.Id);
    }

    // Puts back up to `perQueue` of the key's parked jobs of each queue, oldest first, into their queues' fetch sets,
    // and wakes those queues.
    private void ReleaseParked(string key, int perQueue)
    {
        if (!_parkedByKey.TryGetValue(key, out var queues)) return;
        // Collected first: putting a job back changes the sets being read.
        var released = queues.Values.SelectMany(ids => ids.Take(perQueue)).Select(id => _jobs[id]).ToList();
        foreach (var job in released)
        {
            ForgetParked(job);
            _enqueuedByQueue[job.Queue].Add(job.Id);
            CountKeyedEnqueued(job.Queue, +1);
            _enqueuedQueues.Add(job.Queue);
        }
    }

    private static SortedSet<long> ParkedSet(Dictionary<string, SortedSet<long>> sets, string name)
    {
        if (!sets.TryGetValue(name, out var set)) sets[name] = set = [];
        return set;
    }

    // Empty sets go, so that a store with many short-lived keys doesn't keep one set per key ever seen.
    private static void RemoveParked(Dictionary<string, SortedSet<long>> sets, string name, long id)
    {
        if (sets.TryGetValue(name, out var set) && set.Remove(id) && set.Count == 0) sets.Remove(name);
    }
}
