namespace Ember.Storage;

/// <summary>
/// How every store decides a rate permit (<see cref="IJobStore.TakeRatePermitsAsync"/>), in one transaction (or
/// script) per call, holding each key's state (<see cref="RateLimitState"/>, one per key and algorithm) locked from
/// the read to the write. Times are whole milliseconds since the Unix epoch, from the store's TimeProvider. With limit
/// L, period P (ms) and now T:
/// <list type="bullet">
/// <item>Fixed window: the window is W = T - T mod P. Granted when the state counts fewer than L in W (a state of
/// another window counts 0); then it counts one more in W, expiring at W + P. Refused: retry at W + P.</item>
/// <item>Sliding window: the starts kept are those after T - P. Granted when fewer than L; then T is added, and the
/// state expires at T + P. Refused: retry at S[n - L] + P, S being the n kept starts, oldest first (the moment enough
/// of them leave the window).</item>
/// <item>Token bucket: the level, in 1/P tokens, is full (L × P) for a new state or one counted with another P, else
/// min(L × P, level + (T - refilled) × L). Granted when the level holds a token (P); then it loses one, refilled = T,
/// and the state expires when full again, T + ceil((L × P - level) / L). Refused: retry at T + ceil((P - level) / L).</item>
/// </list>
/// A state whose expiry has passed counts as none. A run is all or nothing: when any of its limits refuses, it takes
/// nothing, and its answer names the refusing limit with the latest retry time. The runs of one call are decided in
/// order, each seeing what the earlier ones took. Integer arithmetic throughout (limits
/// and periods are bounded so that L × P stays below 2^53), so that SQL, Lua and C# agree to the millisecond.
/// </summary>
public static class RateLimitRules
{
    /// <summary>One limit's decision: whether it grants, when to retry if not, and the state to write if the call grants.</summary>
    /// <param name="Granted">Whether the limit allows a start at T.</param>
    /// <param name="RetryAt">When refused: when it will.</param>
    /// <param name="Next">When granted: the state after the start.</param>
    public readonly record struct Decision(bool Granted, long RetryAt, RateLimitState? Next);

    /// <summary>
    /// The runs of a call as the SQL and Lua stores hand them over: a JSON array with, per run, an array of its limits,
    /// each <c>{"key", "algorithm", "limit", "periodMs"}</c>.
    /// </summary>
    public static string RunsJson(IReadOnlyList<RatePermitRequest> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var run in runs)
            {
                json.WriteStartArray();
                foreach (var limit in run.Limits)
                {
                    json.WriteStartObject();
                    json.WriteString("key", limit.Key);
                    json.WriteString("algorithm", StoredValues.Name(limit.Algorithm));
                    json.WriteNumber("limit", limit.Limit);
                    json.WriteNumber("periodMs", limit.PeriodMilliseconds);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Decides one limit from its current state (null when none is stored).</summary>
    public static Decision Take(RateLimitOptions limit, RateLimitState? state, long now)
    {
        ArgumentNullException.ThrowIfNull(limit);
        long l = limit.Limit, p = limit.PeriodMilliseconds;
        if (state is not null && state.ExpiresAt <= now) state = null;
        switch (limit.Algorithm)
        {
            case RateLimitAlgorithm.FixedWindow:
            {
                var window = now - Mod(now, p);
                var taken = state is not null && state.PeriodMs == p && state.WindowStart == window ? state.Taken : 0;
                return taken < l
                    ? new Decision(true, 0, new RateLimitState { PeriodMs = p, WindowStart = window, Taken = taken + 1, ExpiresAt = window + p })
                    : new Decision(false, window + p, null);
            }
            case RateLimitAlgorithm.SlidingWindow:
            {
                var kept = new List<long>(state?.Starts.Count + 1 ?? 1);
                if (state is not null)
                    foreach (var start in state.Starts)
                        if (start > now - p) kept.Add(start);
                if (kept.Count >= l) return new Decision(false, kept[(int)(kept.Count - l)] + p, null);
                kept.Add(now);
                return new Decision(true, 0, new RateLimitState { PeriodMs = p, Starts = kept, ExpiresAt = now + p });
            }
            case RateLimitAlgorithm.TokenBucket:
            {
                var full = l * p;
                var level = state is null || state.PeriodMs != p ? full : Math.Min(full, state.Level + Math.Max(0, now - state.RefilledAt) * l);
                if (level < p) return new Decision(false, now + CeilDiv(p - level, l), null);
                level -= p;
                return new Decision(true, 0, new RateLimitState { PeriodMs = p, Level = level, RefilledAt = now, ExpiresAt = now + CeilDiv(full - level, l) });
            }
            default:
                throw new ArgumentException($"Unknown rate limit algorithm {(int)limit.Algorithm}.", nameof(limit));
        }
    }

    /// <summary>
    /// Decides a whole call: <paramref name="states"/> are the stored states of <paramref name="limits"/>, in the same
    /// order. Returns the answer and, when granted, the states to write (in the same order).
    /// </summary>
    public static RatePermitResult TakeAll(IReadOnlyList<RateLimitOptions> limits, IReadOnlyList<RateLimitState?> states, long now, out RateLimitState[] next)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(states);
        next = new RateLimitState[limits.Count];
        int? refusedBy = null;
        long retryAt = 0;
        for (var i = 0; i < limits.Count; i++)
        {
            var step = Take(limits[i], states[i], now);
            if (step.Granted) next[i] = step.Next!;
            else if (refusedBy is null || step.RetryAt > retryAt) (refusedBy, retryAt) = (i, step.RetryAt);
        }
        if (refusedBy is null) return RatePermitResult.Granted;
        next = [];
        return new RatePermitResult(refusedBy, DateTimeOffset.FromUnixTimeMilliseconds(retryAt));
    }

    /// <summary>
    /// Decides a whole call: <paramref name="read"/> gives a key's stored state (null for none), asked once per key and
    /// algorithm. Returns one answer per run and, in <paramref name="writes"/>, the states to store, one per key and
    /// algorithm that changed.
    /// </summary>
    public static IReadOnlyList<RatePermitResult> TakeAll(
        TakeRatePermitsRequest request, Func<string, RateLimitAlgorithm, RateLimitState?> read, long now,
        out IReadOnlyDictionary<(string Key, RateLimitAlgorithm Algorithm), RateLimitState> writes)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(read);
        var states = new Dictionary<(string Key, RateLimitAlgorithm Algorithm), RateLimitState?>();
        var changed = new Dictionary<(string Key, RateLimitAlgorithm Algorithm), RateLimitState>();
        var results = new RatePermitResult[request.Runs.Count];
        for (var r = 0; r < results.Length; r++)
        {
            var limits = request.Runs[r].Limits;
            var current = new RateLimitState?[limits.Count];
            for (var i = 0; i < current.Length; i++)
            {
                var id = (limits[i].Key, limits[i].Algorithm);
                if (!states.TryGetValue(id, out var state)) states[id] = state = read(id.Key, id.Algorithm);
                current[i] = state;
            }
            results[r] = TakeAll(limits, current, now, out var next);
            if (!results[r].IsGranted) continue;
            for (var i = 0; i < next.Length; i++) states[(limits[i].Key, limits[i].Algorithm)] = changed[(limits[i].Key, limits[i].Algorithm)] = next[i];
        }
        writes = changed;
        return results;
    }

    /// <summary>Checks a call as every store does before touching any state.</summary>
    /// <exception cref="ArgumentException">No run, or a run that <see cref="Validate(RatePermitRequest)"/> refuses.</exception>
    public static void Validate(TakeRatePermitsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Runs is null || request.Runs.Count == 0)
            throw new ArgumentException("A rate permit call names no run.", nameof(request));
        foreach (var run in request.Runs) Validate(run ?? throw new ArgumentException("A run of a rate permit call is null.", nameof(request)));
    }

    /// <summary>Checks a request as every store does before touching its state.</summary>
    /// <exception cref="ArgumentException">No limit, an invalid one, or a key given twice for one algorithm.</exception>
    public static void Validate(RatePermitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Limits is null || request.Limits.Count == 0)
            throw new ArgumentException("A rate permit request names no limit.", nameof(request));
        RateLimitParameter.Validate(request.Limits);
    }

    private static long Mod(long a, long b) => ((a % b) + b) % b;

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
