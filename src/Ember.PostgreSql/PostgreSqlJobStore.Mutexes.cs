using Ember.Storage;

namespace Ember.PostgreSql;

// Job mutexes ([DisableConcurrentExecution]): held by one run, free again as soon as that run is over.
public sealed partial class PostgreSqlJobStore
{
    /// <inheritdoc />
    public async Task<bool> TryAcquireMutexAsync(MutexRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var command = await CommandAsync(_sql.TryAcquireMutex, cancellationToken).ConfigureAwait(false);
        command.Add(request.Name).Add(request.JobId).Add(request.LeaseToken);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    public async Task ReleaseMutexAsync(MutexRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var command = await CommandAsync(_sql.ReleaseMutex, cancellationToken).ConfigureAwait(false);
        command.Add(request.Name).Add(request.JobId).Add(request.LeaseToken);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
