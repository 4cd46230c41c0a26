namespace Ember.Sqlite.Sql;

/// <summary>The statements of concurrency limits: the fetch's per-key counts, and the limits set at run time.</summary>
internal static class ConcurrencySql
{
    /// <summary>Whether a queue has an Enqueued job with a concurrency key.</summary>
    public const string AnyKeyedEnqueued = """
        SELECT EXISTS (SELECT 1 FROM jobs INDEXED BY ix_jobs_concurrency_enqueued WHERE state = 'Enqueued' AND concurrency_key IS NOT NULL AND queue = $queue)
        """;

    /// <summary>A queue's Enqueued jobs oldest first, with their key and own limit, for the fetch to pick from.</summary>
    public const string SelectEnqueued = """
        SELECT id, concurrency_key, concurrency_limit FROM jobs INDEXED BY ix_jobs_enqueued
        WHERE state = 'Enqueued' AND queue = $queue ORDER BY id
        """;

    /// <summary>How many runs of a key are going on, and the limit set for it at run time (null when none).</summary>
    public const string SelectKey = """
        SELECT (SELECT count(*) FROM jobs INDEXED BY ix_jobs_concurrency_running WHERE state = 'Processing' AND concurrency_key = $key),
               (SELECT max_running FROM concurrency_limits WHERE key = $key)
        """;

    /// <summary>Claims the jobs the fetch picked ($ids, a JSON array), as JobSql.Fetch claims a queue's oldest.</summary>
    public const string Claim = """
        UPDATE jobs
        SET state = 'Processing', state_changed_at = $now, scheduled_at = NULL, expire_at = NULL, attempt = attempt + 1,
            server_id = $server_id, lease_token = $lease_token_prefix || id, lease_expires_at = $lease_expires_at
        WHERE id IN (SELECT value FROM json_each($ids)) AND state = 'Enqueued'
        RETURNING id, invocation, attempt, created_at, lease_token, parameters
        """;

    public const string SetLimit = """
        INSERT INTO concurrency_limits (key, max_running) VALUES ($key, $limit)
        ON CONFLICT (key) DO UPDATE SET max_running = excluded.max_running
        """;

    public const string RemoveLimit = "DELETE FROM concurrency_limits WHERE key = $key";

    /// <summary>The queues with keyed jobs waiting: a raised limit wakes them.</summary>
    public const string KeyedQueues = """
        SELECT DISTINCT queue FROM jobs INDEXED BY ix_jobs_concurrency_enqueued WHERE state = 'Enqueued' AND concurrency_key IS NOT NULL
        """;

    /// <summary>Keys with a run going on or a limit set: key, limit set, holder id (null for none), by key then holder.</summary>
    public const string SelectKeys = """
        SELECT k.key, l.max_running, j.id
        FROM (SELECT DISTINCT concurrency_key AS key FROM jobs INDEXED BY ix_jobs_concurrency_running WHERE state = 'Processing' AND concurrency_key IS NOT NULL
              UNION SELECT key FROM concurrency_limits) k
        LEFT JOIN concurrency_limits l ON l.key = k.key
        LEFT JOIN jobs j INDEXED BY ix_jobs_concurrency_running ON j.state = 'Processing' AND j.concurrency_key = k.key
        ORDER BY k.key, j.id
        """;

    /// <summary>Enqueued jobs per key.</summary>
    public const string SelectWaiting = """
        SELECT concurrency_key, count(*) FROM jobs INDEXED BY ix_jobs_concurrency_enqueued
        WHERE state = 'Enqueued' AND concurrency_key IS NOT NULL GROUP BY concurrency_key
        """;
}
