using System.Text;
using System.Text.Json;
using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

// Rate limits: one script per call (take_rate_permits.lua), which runs alone, so the count is exact across servers.
public sealed partial class RedisJobStore
{
    /// <inheritdoc />
    public async Task<RatePermitResult> TakeRatePermitsAsync(RatePermitRequest request, CancellationToken cancellationToken = default)
    {
        RateLimitRules.Validate(request);
        var args = Args(RedisScripts.TakeRatePermits, 1);
        args.Add(LimitsJson(request.Limits));
        var result = (RedisResult[])(await _connection.EvaluateAsync(RedisScripts.TakeRatePermits, [.. args]).ConfigureAwait(false))!;
        return result.Length == 0
            ? RatePermitResult.Granted
            : new RatePermitResult((int)result[0], DateTimeOffset.FromUnixTimeMilliseconds((long)result[1]));
    }

    private static string LimitsJson(IReadOnlyList<RateLimitOptions> limits)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var limit in limits)
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
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
