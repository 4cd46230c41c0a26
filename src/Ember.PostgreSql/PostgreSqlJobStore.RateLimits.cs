using Ember.Storage;
using NpgsqlTypes;

namespace Ember.PostgreSql;

// Rate limits: one call of take_rate_permits for all the runs, which locks the keys' rows from the read to the write.
public sealed partial class PostgreSqlJobStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<RatePermitResult>> TakeRatePermitsAsync(TakeRatePermitsRequest request, CancellationToken cancellationToken = default)
    {
        RateLimitRules.Validate(request);
        await using var command = await CommandAsync(_sql.TakeRatePermits, cancellationToken).ConfigureAwait(false);
        command.Add(RateLimitRules.RunsJson(request.Runs), NpgsqlDbType.Jsonb).Add(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var results = new RatePermitResult[request.Runs.Count];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            results[reader.GetInt32(0)] = reader.IsDBNull(1)
                ? RatePermitResult.GrantedUntil(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)))
                : new RatePermitResult(reader.GetInt32(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
        return results;
    }

    private async Task DeleteExpiredRateLimitsAsync(CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(_sql.DeleteExpiredRateLimits, cancellationToken).ConfigureAwait(false);
        command.Add(_time.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
