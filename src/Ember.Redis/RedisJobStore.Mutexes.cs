using Ember.Storage;

namespace Ember.Redis;

public sealed partial class RedisJobStore
{
    /// <inheritdoc />
    public async Task<bool> TryAcquireMutexAsync(MutexRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (int)await _connection.EvaluateAsync(RedisScripts.AcquireMutex, MutexArgs(request)).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task ReleaseMutexAsync(MutexRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _connection.EvaluateAsync(RedisScripts.ReleaseMutex, MutexArgs(request)).ConfigureAwait(false);
    }

    private StackExchange.Redis.RedisValue[] MutexArgs(MutexRequest request)
    {
        var args = Args(RedisScripts.AcquireMutex, 3);
        args.Add(request.Name);
        args.Add(request.JobId);
        args.Add(request.LeaseToken);
        return [.. args];
    }
}
