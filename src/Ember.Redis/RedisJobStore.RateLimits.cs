using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

// Rate limits: one script per call (take_rate_permits.lua), which runs alone, so the count is exact across servers.
public sealed partial class RedisJobStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<RatePermitResult>> TakeRatePermitsAsync(TakeRatePermitsRequest request, CancellationToken cancellationToken = default)
    {
        RateLimitRules.Validate(request);
        var args = Args(RedisScripts.TakeRatePermits, 1);
        args.Add(RateLimitRules.RunsJson(request.Runs));
        var refused = (RedisResult[])(await _connection.EvaluateAsync(RedisScripts.TakeRatePermits, [.. args]).ConfigureAwait(false))!;
        var results = new RatePermitResult[request.Runs.Count];
        for (var i = 0; i < refused.Length; i += 3)
            results[(int)refused[i]] = new RatePermitResult((int)refused[i + 1], DateTimeOffset.FromUnixTimeMilliseconds((long)refused[i + 2]));
        return results;
    }
}
