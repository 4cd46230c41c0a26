using Ember.Storage;

namespace Ember.InMemory;

// Rate limits: one state per key and algorithm, decided under the store's lock (RateLimitRules).
public sealed partial class InMemoryJobStore
{
    private readonly Dictionary<(string Key, RateLimitAlgorithm Algorithm), RateLimitState> _rateLimits = [];

    /// <inheritdoc />
    public Task<RatePermitResult> TakeRatePermitsAsync(RatePermitRequest request, CancellationToken cancellationToken = default)
    {
        RateLimitRules.Validate(request);
        var limits = request.Limits;
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var states = new RateLimitState?[limits.Count];
        lock (_lock)
        {
            for (var i = 0; i < states.Length; i++) states[i] = _rateLimits.GetValueOrDefault((limits[i].Key, limits[i].Algorithm));
            var result = RateLimitRules.TakeAll(limits, states, now, out var next);
            if (result.IsGranted)
                for (var i = 0; i < next.Length; i++) _rateLimits[(limits[i].Key, limits[i].Algorithm)] = next[i];
            return Task.FromResult(result);
        }
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
