namespace Ember.PostgreSql.Sql;

/// <summary>The statements of concurrency limits set at run time and of their listing (templates with a <c>{schema}</c> placeholder).</summary>
internal static class ConcurrencySql
{
    // Set or removed; then the queues holding keyed jobs are woken at commit, as a raised limit may let them run.
    public const string SetLimit = """
        WITH changed AS (
            INSERT INTO {schema}.concurrency_limits (key, max_running) VALUES ($1, $2)
            ON CONFLICT (key) DO UPDATE SET max_running = excluded.max_running
            RETURNING key)
        SELECT count(pg_notify({schema}.work_channel(), q.queue))
        FROM (SELECT DISTINCT queue FROM {schema}.jobs WHERE state = 'Enqueued' AND concurrency_key IS NOT NULL) q, (SELECT count(*) FROM changed) c
        """;

    public const string RemoveLimit = """
        WITH changed AS (DELETE FROM {schema}.concurrency_limits WHERE key = $1 RETURNING key)
        SELECT count(pg_notify({schema}.work_channel(), q.queue))
        FROM (SELECT DISTINCT queue FROM {schema}.jobs WHERE state = 'Enqueued' AND concurrency_key IS NOT NULL) q, (SELECT count(*) FROM changed) c
        """;

    // Keys with a run going on or a limit set, by key: the limit set, the holders oldest first, the jobs waiting.
    public const string SelectKeys = """
        SELECT k.key, l.max_running,
               coalesce((SELECT array_agg(j.id ORDER BY j.id) FROM {schema}.jobs j WHERE j.state = 'Processing' AND j.concurrency_key = k.key), '{}'),
               (SELECT count(*) FROM {schema}.jobs w WHERE w.state = 'Enqueued' AND w.concurrency_key = k.key)
        FROM (SELECT DISTINCT concurrency_key AS key FROM {schema}.jobs WHERE state = 'Processing' AND concurrency_key IS NOT NULL
              UNION SELECT key FROM {schema}.concurrency_limits) k
        LEFT JOIN {schema}.concurrency_limits l ON l.key = k.key
        ORDER BY k.key COLLATE "C"
        """;
}
