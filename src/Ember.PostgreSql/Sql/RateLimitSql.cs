namespace Ember.PostgreSql.Sql;

/// <summary>The statements of rate limits (templates with a <c>{schema}</c> placeholder; table of migration 12, holds of 15).</summary>
internal static class RateLimitSql
{
    public const string Take = "SELECT run, refused, retry_at, valid_until FROM {schema}.take_rate_permits($1, $2)";

    /// <summary>The states in force, for the dashboard: key, algorithm, then the state's columns.</summary>
    public const string SelectInForce = """
        SELECT key, algorithm, period_ms, window_start, taken, level, refilled_at, starts, expires_at, limit_value
        FROM {schema}.rate_limits WHERE expires_at > $1 ORDER BY key COLLATE "C", algorithm COLLATE "C" LIMIT $2 OFFSET $3
        """;

    /// <summary>
    /// The rate limits the live jobs carry, for the dashboard's job counts: one row per distinct parameter text and
    /// whether the jobs are Processing, with how many jobs (RateLimitJobCounts reads the texts). A pass over the live
    /// jobs (ix_jobs_state), never over the finished ones.
    /// </summary>
    public const string SelectJobLimits = """
        SELECT parameters->>'RateLimits', state = 'Processing', count(*)
        FROM {schema}.jobs WHERE state IN ('Enqueued', 'Scheduled', 'Processing') AND parameters->>'RateLimits' IS NOT NULL
        GROUP BY 1, 2
        """;

    /// <summary>States that count as none: deleted with the expired jobs.</summary>
    public const string DeleteExpired = "DELETE FROM {schema}.rate_limits WHERE expires_at <= $1";
}
