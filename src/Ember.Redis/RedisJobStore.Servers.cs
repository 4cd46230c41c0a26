using System.Text.Json;
using Ember.Storage;

namespace Ember.Redis;

public sealed partial class RedisJobStore
{
    /// <inheritdoc />
    public async Task HeartbeatAsync(ServerHeartbeat heartbeat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        var now = _time.GetUtcNow();
        var info = new ServerInfo(heartbeat.ServerId, heartbeat.Name, heartbeat.WorkerCount, heartbeat.Queues.ToArray(), heartbeat.StartedAt, now);
        var args = Args(now, 2);
        args.Add(heartbeat.ServerId);
        args.Add(JsonSerializer.Serialize(info, RedisJsonContext.Default.ServerInfo));
        await _connection.EvaluateAsync(RedisScripts.Heartbeat, [.. args]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RemoveServerAsync(string serverId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        var args = Args(RedisScripts.RemoveServer, 1);
        args.Add(serverId);
        await _connection.EvaluateAsync(RedisScripts.RemoveServer, [.. args]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> RemoveDeadServersAsync(RemoveDeadServersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var args = Args(now, 1);
        args.Add(RedisValues.Ms(now - request.Timeout));
        return (int)await _connection.EvaluateAsync(RedisScripts.RemoveDeadServers, [.. args]).ConfigureAwait(false);
    }
}
