using System.Text;
using System.Text.Json;
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
        args.Add(RunsJson(request.Runs));
        var refused = (RedisResult[])(await _connection.EvaluateAsync(RedisScripts.TakeRatePermits, [.. args]).ConfigureAwait(false))!;
        var results = new RatePermitResult[request.Runs.Count];
        for (var i = 0; i < refused.Length; i += 3)
            results[(int)refused[i]] = new RatePermitResult((int)refused[i + 1], DateTimeOffset.FromUnixTimeMilliseconds((long)refused[i + 2]));
        return results;
    }

    private static string RunsJson(IReadOnlyList<RatePermitRequest> runs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
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
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
