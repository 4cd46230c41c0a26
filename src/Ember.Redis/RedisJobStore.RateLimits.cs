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
        var answers = (RedisResult[])(await _connection.EvaluateAsync(RedisScripts.TakeRatePermits, [.. args]).ConfigureAwait(false))!;
        var results = new RatePermitResult[request.Runs.Count];
        for (var i = 0; i < answers.Length; i += 3)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)answers[i + 2]);
            results[(int)answers[i]] = (int)answers[i + 1] is var refused and >= 0 ? new RatePermitResult(refused, at) : RatePermitResult.GrantedUntil(at);
        }
        return results;
    }
}
