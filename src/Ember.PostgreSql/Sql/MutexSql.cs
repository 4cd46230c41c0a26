namespace Ember.PostgreSql.Sql;

/// <summary>The statements of job mutexes (templates with a <c>{schema}</c> placeholder).</summary>
internal static class MutexSql
{
    // One statement: the upsert takes the mutex row's lock, then replaces the holder only if it is this run or a run
    // that is over (its job is no longer Processing under its token, or names no job). A holder id that is not plain
    // digits names no job, as in the in-memory store; 18 digits keeps the cast within bigint.
    public const string TryAcquire = """
        INSERT INTO {schema}.mutexes AS m (name, job_id, lease_token) VALUES ($1, $2, $3)
        ON CONFLICT (name) DO UPDATE SET job_id = excluded.job_id, lease_token = excluded.lease_token
        WHERE (m.job_id = excluded.job_id AND m.lease_token = excluded.lease_token)
           OR NOT EXISTS (
                SELECT 1 FROM {schema}.jobs j
                WHERE m.job_id ~ '^[0-9]{1,18}$' AND j.id = m.job_id::bigint
                  AND j.state = 'Processing' AND j.lease_token = m.lease_token)
        RETURNING 1
        """;

    public const string Release = "DELETE FROM {schema}.mutexes WHERE name = $1 AND job_id = $2 AND lease_token = $3";
}
