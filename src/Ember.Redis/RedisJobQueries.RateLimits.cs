using System.Globalization;
using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

// The rate limit keys in force, for the dashboard: rate_limits.lua reads them from the index the permit script keeps,
// and RateLimitRules describes each at the store's time; rate_limit_jobs.lua then counts the live jobs carrying them, a
// slice of a state's index per call.
internal sealed partial class RedisJobQueries
{
    public async Task<IReadOnlyList<RateLimitInfo>> GetRateLimitsAsync(RateLimitListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var flat = (RedisValue[])(await connection.EvaluateAsync(RedisScripts.RateLimits,
            [keys.Base, now.ToString(CultureInfo.InvariantCulture), request.Count.ToString(CultureInfo.InvariantCulture), request.Offset.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false))!;
        var infos = new List<RateLimitInfo>();
        for (var i = 0; i < flat.Length;)
        {
            var algorithm = Enum.Parse<RateLimitAlgorithm>(flat[i]!);
            var key = (string)flat[i + 1]!;
            var limitAndPeriod = ((string)flat[i + 2]!).Split(',');
            var state = new RateLimitState
            {
                Limit = long.Parse(limitAndPeriod[0], CultureInfo.InvariantCulture),
                PeriodMs = long.Parse(limitAndPeriod[1], CultureInfo.InvariantCulture),
                ExpiresAt = (long)(double)flat[i + 3],
            };
            i += 4;
            if (algorithm == RateLimitAlgorithm.SlidingWindow)
            {
                var starts = new long[(int)flat[i]];
                for (var s = 0; s < starts.Length; s++) starts[s] = (long)(double)flat[i + 1 + s];
                state = state with { Starts = starts };
                i += 1 + starts.Length;
            }
            else
            {
                state = state with { WindowStart = Number(flat[i]), Taken = Number(flat[i + 1]), Level = Number(flat[i + 2]), RefilledAt = Number(flat[i + 3]) };
                i += 4;
            }
            if (RateLimitRules.Describe(key, algorithm, state, now) is { } info) infos.Add(info);
        }
        infos.Sort(RateLimitRules.Compare);
        if (infos.Count == 0) return infos;
        var jobs = new RateLimitJobCounts();
        foreach (var state in LiveStates)
        {
            for (var from = 0L; ; from += JobSlice)
            {
                var slice = (RedisValue[])(await connection.EvaluateAsync(RedisScripts.RateLimitJobs,
                    [keys.Base, now.ToString(CultureInfo.InvariantCulture), state, from.ToString(CultureInfo.InvariantCulture), JobSlice.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false))!;
                for (var i = 1; i + 1 < slice.Length; i += 2) jobs.Add(slice[i], state == ProcessingState, (long)slice[i + 1]);
                // A slice shorter than asked is the index's end. Jobs that change state meanwhile may be counted twice
                // or not at all: a dashboard's count, not a transaction's.
                if ((long)slice[0] < JobSlice) break;
            }
        }
        return jobs.Apply(infos);
    }

    private const string ProcessingState = "Processing";
    private static readonly string[] LiveStates = ["Enqueued", "Scheduled", ProcessingState];

    // Jobs read per call of rate_limit_jobs.lua: about 10 ms of Redis's time when every one carries limits (2,000 a
    // call held Redis about 30-50 ms each, on a loaded 2-core machine).
    private const int JobSlice = 500;

    // Lua writes numbers as integers or, past 2^31 in some builds, in exponent form: read both.
    private static long Number(RedisValue value) => value.IsNullOrEmpty ? 0 : (long)double.Parse((string)value!, CultureInfo.InvariantCulture);
}
