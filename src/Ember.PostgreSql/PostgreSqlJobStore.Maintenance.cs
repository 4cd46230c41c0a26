using Ember.Storage;
using NpgsqlTypes;

namespace Ember.PostgreSql;

// Housekeeping that servers run on timers: due scheduled jobs, expired jobs, the server registry.
public sealed partial class PostgreSqlJobStore
{
    /// <inheritdoc />
    public Task<int> EnqueueDueScheduledAsync(EnqueueDueScheduledRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.MaxCount <= 0 ? Task.FromResult(0) : CountingCallAsync(_sql.EnqueueDue, request.MaxCount, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> DeleteExpiredJobsAsync(DeleteExpiredJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxCount <= 0) return 0;
        var deleted = await CountingCallAsync(_sql.DeleteExpired, request.MaxCount, cancellationToken).ConfigureAwait(false);
        // Rate limit states past their expiry count as none; deleted on the same timer, in a statement of their own.
        await DeleteExpiredRateLimitsAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <inheritdoc />
    public async Task HeartbeatAsync(ServerHeartbeat heartbeat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        await using var command = await CommandAsync(_sql.UpsertServer, cancellationToken).ConfigureAwait(false);
        command
            .Add(heartbeat.ServerId)
            .Add(heartbeat.Name)
            .Add(heartbeat.WorkerCount)
            .AddArray(heartbeat.Queues.ToArray(), NpgsqlDbType.Text)
            .Add(PgValues.ToDb(heartbeat.StartedAt))
            .Add(PgValues.ToDb(_time.GetUtcNow()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RemoveServerAsync(string serverId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        await using var command = await CommandAsync(_sql.DeleteServer, cancellationToken).ConfigureAwait(false);
        command.Add(serverId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> RemoveDeadServersAsync(RemoveDeadServersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var command = await CommandAsync(_sql.DeleteSilentServers, cancellationToken).ConfigureAwait(false);
        command.Add(PgValues.ToDb(_time.GetUtcNow() - request.Timeout));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
