using Ember.Storage;
using NpgsqlTypes;

namespace Ember.PostgreSql;

// Limits of concurrency keys set at run time. The fetch enforces the limits (Functions/fetch_jobs.sql).
public sealed partial class PostgreSqlJobStore
{
    /// <inheritdoc />
    public async Task SetConcurrencyLimitAsync(SetConcurrencyLimitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        await using var command = await CommandAsync(_sql.SetConcurrencyLimit, cancellationToken).ConfigureAwait(false);
        command.Add(request.Key, NpgsqlDbType.Text);
        command.Add(request.Limit, NpgsqlDbType.Integer);
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
