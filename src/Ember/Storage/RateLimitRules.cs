namespace Ember.Storage;

/// <summary>
/// How every store decides a rate permit (<see cref="IJobStore.TakeRatePermitsAsync"/>), in one transaction (or
/// script) per call, holding each key's state (<see cref="RateLimitState"/>, one per key and algorithm) locked from
/// the read to the write. Times are whole milliseconds since the Unix epoch, from the store's TimeProvider. A permit
/// is taken at T for a start at some moment of [T, V], V = T + H, H being the run's hold
/// (<see cref="RatePermitRequest.Hold"/>): a server that takes permits ahead of the start (for a fetched batch) must
/// start the run by V or not with this permit. Each algorithm counts the start at whichever end of [T, V] is the
/// stricter, so that the starts, wherever they fall within their holds, never exceed the limit. With limit L, period
/// P (ms):
/// <list type="bullet">
/// <item>Fixed window: the window is W = T - T mod P, and V is cut to W + P (a start must fall in the window that
/// counts it). Granted when the state counts fewer than L in W (a state of another window counts 0); then it counts
/// one more in W, expiring at W + P. Refused: retry at W + P.</item>
/// <item>Sliding window: the starts kept are those after T - P; each is stored as its V. Granted when fewer than L;
/// then V is added, and the state expires at P after the latest kept. Refused: retry at S[n - L] + P, S being the n
/// kept starts in ascending order (the moment enough of them leave the window).</item>
/// <item>Token bucket (as GCRA): the level at a time X, in 1/P tokens, is full (L × P) for a new state or one counted
/// with another P, else min(L × P, level + (X - refilled) × L), which is below the stored level when X is before
/// refilled. Granted when the level at T holds a token (P); then the level becomes the level at V less a token, refilled
/// = V, and the state expires when full again, V + ceil((L × P - level) / L). Refused: retry at
/// T + ceil((P - level at T) / L).</item>
/// </list>
/// A state whose expiry has passed counts as none. A run is all or nothing: when any of its limits refuses, it takes
/// nothing, and its answer names the refusing limit with the latest retry time; a granted run's answer carries the
/// earliest V of its limits. The runs of one call are decided in order, each seeing what the earlier ones took.
/// Integer arithmetic throughout (limits, periods and holds are bounded so that every product stays below 2^53), so
/// that SQL, Lua and C# agree to the millisecond.
/// </summary>
public static class RateLimitRules
{
    /// <summary>The longest hold a run may ask for (<see cref="RatePermitRequest.Hold"/>).</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromHours(1);

    /// <summary>One limit's decision: whether it grants, when to retry if not, and the state to write if the call grants.</summary>
    /// <param name="Granted">Whether the limit allows a start at T.</param>
    /// <param name="RetryAt">When refused: when it will.</param>
    /// <param name="Next">When granted: the state after the start.</param>
    /// <param name="ValidUntil">When granted: the last moment (V) the start may fall on.</param>
    public readonly record struct Decision(bool Granted, long RetryAt, RateLimitState? Next, long ValidUntil = 0);

    /// <summary>
    /// The runs of a call as the SQL and Lua stores hand them over: a JSON array with, per run,
    /// <c>{"holdMs", "limits": [{"key", "algorithm", "limit", "periodMs"}, ...]}</c>.
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
                json.WriteStartObject();
                json.WriteNumber("holdMs", run.HoldMilliseconds);
                json.WriteStartArray("limits");
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
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Decides one limit from its current state (null when none is stored), for a start within [now, now + hold].</summary>
    public static Decision Take(RateLimitOptions limit, RateLimitState? state, long now, long hold = 0)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(hold);
        long l = limit.Limit, p = limit.PeriodMilliseconds, until = now + hold;
        if (state is not null && state.ExpiresAt <= now) state = null;
        switch (limit.Algorithm)
        {
            case RateLimitAlgorithm.FixedWindow:
            {
                var window = now - Mod(now, p);
                var taken = state is not null && state.PeriodMs == p && state.WindowStart == window ? state.Taken : 0;
                return taken < l
                    ? new Decision(true, 0, new RateLimitState { Limit = l, PeriodMs = p, WindowStart = window, Taken = taken + 1, ExpiresAt = window + p }, Math.Min(until, window + p - 1))
                    : new Decision(false, window + p, null);
            }
            case RateLimitAlgorithm.SlidingWindow:
            {
                var kept = new List<long>(state?.Starts.Count + 1 ?? 1);
                if (state is not null)
                    foreach (var start in state.Starts)
                        if (start > now - p) kept.Add(start);
                kept.Sort();
                if (kept.Count >= l) return new Decision(false, kept[(int)(kept.Count - l)] + p, null);
                var at = kept.BinarySearch(until);
                kept.Insert(at < 0 ? ~at : at, until);
                return new Decision(true, 0, new RateLimitState { Limit = l, PeriodMs = p, Starts = kept, ExpiresAt = kept[^1] + p }, until);
            }
            case RateLimitAlgorithm.TokenBucket:
            {
                var full = l * p;
                var fresh = state is null || state.PeriodMs != p;
                // Not clamped at 0 before the refill time: a state refilled at a V still ahead holds less than its level now.
                var level = fresh ? full : Math.Min(full, state!.Level + ((now - state.RefilledAt) * l));
                if (level < p) return new Decision(false, now + CeilDiv(p - level, l), null);
                var left = (fresh ? full : Math.Min(full, state!.Level + ((until - state.RefilledAt) * l))) - p;
                return new Decision(true, 0, new RateLimitState { Limit = l, PeriodMs = p, Level = left, RefilledAt = until, ExpiresAt = until + CeilDiv(full - left, l) }, until);
            }
            default:
                throw new ArgumentException($"Unknown rate limit algorithm {(int)limit.Algorithm}.", nameof(limit));
        }
    }

    /// <summary>
    /// Decides a whole call: <paramref name="states"/> are the stored states of <paramref name="limits"/>, in the same
    /// order. Returns the answer and, when granted, the states to write (in the same order).
    /// </summary>
    public static RatePermitResult TakeAll(IReadOnlyList<RateLimitOptions> limits, IReadOnlyList<RateLimitState?> states, long now, long hold, out RateLimitState[] next)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(states);
        next = new RateLimitState[limits.Count];
        int? refusedBy = null;
        long retryAt = 0, validUntil = now + hold;
        for (var i = 0; i < limits.Count; i++)
        {
            var step = Take(limits[i], states[i], now, hold);
            if (step.Granted) (next[i], validUntil) = (step.Next!, Math.Min(validUntil, step.ValidUntil));
            else if (refusedBy is null || step.RetryAt > retryAt) (refusedBy, retryAt) = (i, step.RetryAt);
        }
        if (refusedBy is null) return RatePermitResult.GrantedUntil(DateTimeOffset.FromUnixTimeMilliseconds(validUntil));
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
            results[r] = TakeAll(limits, current, now, request.Runs[r].HoldMilliseconds, out var next);
            if (!results[r].IsGranted) continue;
            for (var i = 0; i < next.Length; i++) states[(limits[i].Key, limits[i].Algorithm)] = changed[(limits[i].Key, limits[i].Algorithm)] = next[i];
        }
        writes = changed;
        return results;
    }

    /// <summary>
    /// A stored state as the dashboard shows it at <paramref name="now"/> (see <see cref="RateLimitInfo"/>); null when it
    /// counts as none (expired, or a fixed window that has passed).
    /// </summary>
    public static RateLimitInfo? Describe(string key, RateLimitAlgorithm algorithm, RateLimitState state, long now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.ExpiresAt <= now || state.PeriodMs <= 0) return null;
        long l = state.Limit, p = state.PeriodMs;
        double count = algorithm switch
        {
            RateLimitAlgorithm.FixedWindow => state.WindowStart == now - Mod(now, p) ? state.Taken : 0,
            RateLimitAlgorithm.SlidingWindow => state.Starts.Count(s => s > now - p),
            _ => l <= 0 ? 0 : Math.Min(l * p, state.Level + ((now - state.RefilledAt) * l)) / (double)p,
        };
        DateTimeOffset? nextFree = null;
        if (l > 0 && l <= RateLimitOptions.MaxLimit && Take(new RateLimitOptions(key, (int)l, TimeSpan.FromMilliseconds(p)) { Algorithm = algorithm }, state, now) is { Granted: false } refused)
            nextFree = DateTimeOffset.FromUnixTimeMilliseconds(refused.RetryAt);
        return new RateLimitInfo(key, algorithm, (int)l, TimeSpan.FromMilliseconds(p), count, nextFree);
    }

    /// <summary>The dashboard's order of rate limit keys: by key (ordinal), then algorithm.</summary>
    public static int Compare(RateLimitInfo x, RateLimitInfo y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var byKey = string.CompareOrdinal(x.Key, y.Key);
        return byKey != 0 ? byKey : x.Algorithm.CompareTo(y.Algorithm);
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
    /// <exception cref="ArgumentException">No limit, an invalid one, a key given twice for one algorithm, or a hold out of range.</exception>
    public static void Validate(RatePermitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Hold < TimeSpan.Zero || request.Hold > MaxHold || request.Hold.Ticks % TimeSpan.TicksPerMillisecond != 0)
            throw new ArgumentException($"A rate permit request holds its permit for {request.Hold}; give a whole number of milliseconds from 0 to {MaxHold}.", nameof(request));
        if (request.Limits is null || request.Limits.Count == 0)
            throw new ArgumentException("A rate permit request names no limit.", nameof(request));
        RateLimitParameter.Validate(request.Limits);
    }

    private static long Mod(long a, long b) => ((a % b) + b) % b;

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
