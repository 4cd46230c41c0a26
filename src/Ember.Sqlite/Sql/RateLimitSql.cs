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
        FROM rate_limits WHERE expires_at > $now ORDER BY key, algorithm LIMIT $count
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
