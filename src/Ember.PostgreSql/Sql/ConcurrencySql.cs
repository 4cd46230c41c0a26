namespace Ember.PostgreSql.Sql;

/// <summary>The statements of concurrency limits set at run time and of their listing (templates with a <c>{schema}</c> placeholder).</summary>
internal static class ConcurrencySql
{
    // Set ($2) or removed ($2 NULL) by Functions/set_concurrency_limit.sql, which puts back the jobs the key parked.
    public const string SetLimit = "SELECT {schema}.set_concurrency_limit($1, $2)";

    // Keys with a run going on or a limit set, by key: the limit set, the holders oldest first, the jobs waiting
    // (parked or not: both are Enqueued).
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
