using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

// Paused queues and paused recurring jobs.
public sealed partial class RedisJobStore
{
    /// <inheritdoc />
    public async Task<bool> SetQueuePausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Name, nameof(request));
        var args = Args(RedisScripts.PauseQueue, 2);
        args.Add(request.Name);
        args.Add(request.Paused ? "1" : "0");
        var result = (RedisResult[])(await _connection.EvaluateAsync(RedisScripts.PauseQueue, [.. args]).ConfigureAwait(false))!;
        _work.Notify(result[1]);
        return (int)result[0] == 1;
    }

    /// <inheritdoc />
    public async Task<bool> SetRecurringJobPausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var args = Args(RedisScripts.PauseRecurring, 2);
        args.Add(request.Name);
        args.Add(request.Paused ? "1" : "0");
        return (int)(await _connection.EvaluateAsync(RedisScripts.PauseRecurring, [.. args]).ConfigureAwait(false)) == 1;
    }
}
