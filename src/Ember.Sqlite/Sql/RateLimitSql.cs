namespace Ember.Sqlite.Sql;

/// <summary>The statements of rate limits: one state row per key and algorithm (migration 10; limit_value of 12).</summary>
internal static class RateLimitSql
{
    public const string Select = """
        SELECT period_ms, window_start, taken, level, refilled_at, starts, expires_at, limit_value
        FROM rate_limits WHERE key = $key AND algorithm = $algorithm
        """;

    /// <summary>The states in force, for the dashboard: key and algorithm, then the columns of <see cref="Select"/>.</summary>
    public const string SelectInForce = """
        SELECT key, algorithm, period_ms, window_start, taken, level, refilled_at, starts, expires_at, limit_value
        FROM rate_limits WHERE expires_at > $now ORDER BY key, algorithm LIMIT $count OFFSET $offset
        """;

    /// <summary>
    /// The rate limits the live jobs carry, for the dashboard's job counts: one row per distinct parameter text and
    /// whether the jobs are Processing, with how many jobs (RateLimitJobCounts reads the texts). A pass over the live
    /// jobs (ix_jobs_state), never over the finished ones.
    /// </summary>
    public const string SelectJobLimits = """
        SELECT limits, processing, count(*) FROM (
            SELECT CASE WHEN json_valid(parameters) THEN json_extract(parameters, '$.RateLimits') END AS limits, state = 'Processing' AS processing
            FROM jobs WHERE state IN ('Enqueued', 'Scheduled', 'Processing') AND parameters IS NOT NULL)
        WHERE limits IS NOT NULL GROUP BY limits, processing
        """;

    public const string Upsert = """
        INSERT INTO rate_limits (key, algorithm, period_ms, window_start, taken, level, refilled_at, starts, expires_at, limit_value)
        VALUES ($key, $algorithm, $period_ms, $window_start, $taken, $level, $refilled_at, $starts, $expires_at, $limit_value)
        ON CONFLICT (key, algorithm) DO UPDATE SET
            period_ms = excluded.period_ms, window_start = excluded.window_start, taken = excluded.taken, level = excluded.level,
            refilled_at = excluded.refilled_at, starts = excluded.starts, expires_at = excluded.expires_at, limit_value = excluded.limit_value
        """;

    /// <summary>States that count as none: deleted with the expired jobs.</summary>
    public const string DeleteExpired = "DELETE FROM rate_limits WHERE expires_at <= $now";
}
