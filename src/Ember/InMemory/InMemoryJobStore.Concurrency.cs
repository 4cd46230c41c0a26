using Ember.Storage;

namespace Ember.InMemory;

// Concurrency limits: the count of Processing jobs per key, kept by Apply as jobs enter and leave Processing, and the
// limits set at run time. The fetch reads both under the store's lock, so no two fetches can overfill a key.
public sealed partial class InMemoryJobStore
{
    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _concurrencyLimits = new(StringComparer.Ordinal);
    // Enqueued jobs with a concurrency key per queue: a queue without any is fetched oldest first with no key checks.
    private readonly Dictionary<string, int> _keyedEnqueued = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task SetConcurrencyLimitAsync(SetConcurrencyLimitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        lock (_lock)
        {
            if (request.Limit is { } limit) _concurrencyLimits[request.Key] = limit;
            else _concurrencyLimits.Remove(request.Key);
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
                : [];
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

    // A run of the key ended: its slot is free, and the servers waiting for its queue hear of it if keyed jobs wait there.
    private void FreeSlot(string key, string queue)
    {
        if (--_running[key] == 0) _running.Remove(key);
        if (HasKeyedJobs(queue)) _enqueuedQueues.Add(queue);
    }
}
