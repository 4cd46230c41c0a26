namespace Ember.PostgreSql.Sql;

/// <summary>The statements of unique keys (NewJob.Unique), templates with a <c>{schema}</c> placeholder.</summary>
internal static class UniqueSql
{
    // One transaction-scoped advisory lock per key ($1, sorted so that two callers never wait on each other in a
    // cycle): a second creator of a key waits here until the first commits, then sees its job. The 'ember.unique.'
    // prefix and the schema keep the locks apart from the application's own and from other schemas'.
    public const string Lock = """
        SELECT count(pg_advisory_xact_lock(hashtextextended('ember.unique.{schema_name}.' || k, 0)))
        FROM (SELECT DISTINCT k FROM unnest($1::text[]) k ORDER BY k) keys
        """;

    // For each key ($1) with its states ($2: JSON array of names) and oldest creation time ($3: null for any), the
    // newest job created with it that holds it, or null. One row per key, in order.
    public const string SelectHolders = """
        SELECT (SELECT u.job_id FROM {schema}.job_unique_keys u JOIN {schema}.jobs j ON j.id = u.job_id
                WHERE u.key = t.key AND (t.since IS NULL OR u.created_at >= t.since)
                  AND j.state IN (SELECT json_array_elements_text(t.states::json))
                ORDER BY u.job_id DESC LIMIT 1)
        FROM unnest($1::text[], $2::text[], $3::timestamptz[]) WITH ORDINALITY AS t(key, states, since, n)
        ORDER BY t.n
        """;

    // Debounce: a holder still Scheduled ($1) takes the new job's invocation ($2) and due time ($3); history kind 32.
    public const string Debounce = """
        WITH d AS (UPDATE {schema}.jobs SET invocation = $2, scheduled_at = $3 WHERE id = $1 AND state = 'Scheduled' RETURNING id)
        INSERT INTO {schema}.job_history (job_id, state, kind, at, reason) SELECT id, 'Scheduled', 32, $4, $5 FROM d
        """;

    public const string Insert = """
        INSERT INTO {schema}.job_unique_keys (job_id, key, created_at)
        SELECT id, key, $3 FROM unnest($1::bigint[], $2::text[]) AS t(id, key)
        """;
}
