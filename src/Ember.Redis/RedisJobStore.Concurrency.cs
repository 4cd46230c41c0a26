using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

// Limits of concurrency keys set at run time. The fetch enforces the limits (Scripts/fetch.lua, common.lua).
public sealed partial class RedisJobStore
{
    /// <inheritdoc />
    public async Task SetConcurrencyLimitAsync(SetConcurrencyLimitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var args = Args(RedisScripts.SetConcurrencyLimit, 2);
        args.Add(request.Key);
        args.Add(request.Limit is { } limit ? limit : "");
        var woken = await _connection.EvaluateAsync(RedisScripts.SetConcurrencyLimit, [.. args]).ConfigureAwait(false);
        _work.Notify(woken);
    }
}
