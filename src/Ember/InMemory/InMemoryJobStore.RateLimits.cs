using Ember.Storage;

namespace Ember.InMemory;

// Rate limits: one state per key and algorithm, decided under the store's lock (RateLimitRules).
public sealed partial class InMemoryJobStore
{
    private readonly Dictionary<(string Key, RateLimitAlgorithm Algorithm), RateLimitState> _rateLimits = [];

    /// <inheritdoc />
    public Task<IReadOnlyList<RatePermitResult>> TakeRatePermitsAsync(TakeRatePermitsRequest request, CancellationToken cancellationToken = default)
    {
        RateLimitRules.Validate(request);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_lock)
        {
            var results = RateLimitRules.TakeAll(request, (key, algorithm) => _rateLimits.GetValueOrDefault((key, algorithm)), now, out var writes);
            foreach (var (id, state) in writes) _rateLimits[id] = state;
            return Task.FromResult(results);
        }
    }

    internal IReadOnlyList<RateLimitInfo> RateLimits(RateLimitListRequest request)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var infos = new List<RateLimitInfo>();
        var jobs = new RateLimitJobCounts();
        lock (_lock)
        {
            foreach (var ((key, algorithm), state) in _rateLimits)
                if (RateLimitRules.Describe(key, algorithm, state, now) is { } info) infos.Add(info);
            if (infos.Count > request.Offset)
                foreach (var job in _jobs.Values)
                    if (job.State is JobState.Enqueued or JobState.Scheduled or JobState.Processing
                        && job.Parameters.TryGetValue(RateLimitJobCounts.ParameterName, out var limits))
                        jobs.Add(limits, job.State == JobState.Processing);
        }
        infos.Sort(RateLimitRules.Compare);
        return jobs.Apply([.. infos.Skip(request.Offset).Take(request.Count)]);
    }

    // Under the lock, with the expired jobs: states past their expiry count as none, so they go.
    private void PruneRateLimits(DateTimeOffset now)
    {
        if (_rateLimits.Count == 0) return;
        var ms = now.ToUnixTimeMilliseconds();
        foreach (var (key, state) in _rateLimits)
            if (state.ExpiresAt <= ms) _rateLimits.Remove(key);
    }
}
