namespace Ember.Sqlite.Sql;

/// <summary>The statements of concurrency limits: the fetch's per-key counts, and the limits set at run time.</summary>
internal static class ConcurrencySql
{
    /// <summary>Whether a queue has an Enqueued job with a concurrency key, parked ones aside.</summary>
    public const string AnyKeyedEnqueued = """
        SELECT EXISTS (SELECT 1 FROM jobs INDEXED BY ix_jobs_concurrency_enqueued WHERE state = 'Enqueued' AND concurrency_key IS NOT NULL AND queue = $queue AND parked = 0)
        """;

    /// <summary>A queue's unparked Enqueued jobs oldest first, with their key and own limit, for the fetch to pick from.</summary>
    public const string SelectEnqueued = """
        SELECT id, concurrency_key, concurrency_limit FROM jobs INDEXED BY ix_jobs_enqueued
        WHERE state = 'Enqueued' AND queue = $queue AND parked = 0 ORDER BY id
        """;

    /// <summary>Parks the jobs the fetch found over their key's limit ($ids, a JSON array): no fetch walks them again.</summary>
    public const string Park = "UPDATE jobs SET parked = 1 WHERE id IN (SELECT value FROM json_each($ids)) AND state = 'Enqueued'";

    /// <summary>
    /// Puts back the oldest parked job of key $key in each queue where it has some; returns their queues. The queues
    /// are found one seek each in ix_jobs_parked (a loose index scan), however many jobs wait.
    /// </summary>
    public const string UnparkOldest = """
        UPDATE jobs SET parked = 0
        WHERE id IN (
            WITH RECURSIVE queues (queue) AS (
                SELECT (SELECT min(queue) FROM jobs INDEXED BY ix_jobs_parked WHERE state = 'Enqueued' AND parked = 1 AND concurrency_key = $key)
                UNION ALL
                SELECT (SELECT min(j.queue) FROM jobs j INDEXED BY ix_jobs_parked WHERE j.state = 'Enqueued' AND j.parked = 1 AND j.concurrency_key = $key AND j.queue > q.queue)
                FROM queues q WHERE q.queue IS NOT NULL)
            SELECT (SELECT min(o.id) FROM jobs o INDEXED BY ix_jobs_parked WHERE o.state = 'Enqueued' AND o.parked = 1 AND o.concurrency_key = $key AND o.queue = q.queue)
            FROM queues q WHERE q.queue IS NOT NULL)
        RETURNING queue
        """;

    /// <summary>Puts back every parked job of key $key (its limit was set at run time); returns their queues.</summary>
    public const string UnparkAll = """
        UPDATE jobs SET parked = 0
        WHERE id IN (SELECT id FROM jobs INDEXED BY ix_jobs_parked WHERE state = 'Enqueued' AND parked = 1 AND concurrency_key = $key)
        RETURNING queue
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

    /// <summary>The queues with keyed jobs waiting, parked or not: a raised limit wakes them.</summary>
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
