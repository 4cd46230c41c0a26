namespace Ember.PostgreSql.Sql;

/// <summary>The statements of recurring jobs (templates with a <c>{schema}</c> placeholder).</summary>
internal static class RecurringSql
{
    /// <summary>The columns <see cref="RecurringRows.Read"/> expects, in its order.</summary>
    public const string Columns = "id, cron, time_zone_id, queue, invocation, misfire, next_run_at, last_run_at, last_job_id, error, created_at, paused";

    // Replaces every field but created_at, which stays from the first insert, and paused, which only a pause or resume sets.
    public const string Upsert = """
        INSERT INTO {schema}.recurring_jobs (id, cron, time_zone_id, queue, invocation, misfire, next_run_at, last_run_at, last_job_id, error, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (id) DO UPDATE SET
            cron = excluded.cron, time_zone_id = excluded.time_zone_id, queue = excluded.queue, invocation = excluded.invocation,
            misfire = excluded.misfire, next_run_at = excluded.next_run_at, last_run_at = excluded.last_run_at,
            last_job_id = excluded.last_job_id, error = excluded.error
        """;

    public const string Delete = "DELETE FROM {schema}.recurring_jobs WHERE id = $1";

    public const string Select = "SELECT " + Columns + " FROM {schema}.recurring_jobs WHERE id = $1";

    public const string SelectAll = "SELECT " + Columns + " FROM {schema}.recurring_jobs";

    public const string SelectDue = "SELECT " + Columns + """
         FROM {schema}.recurring_jobs
        WHERE next_run_at IS NOT NULL AND next_run_at <= $1 AND NOT paused
        ORDER BY next_run_at, id COLLATE "C" LIMIT $2
        """;

    // IS NOT DISTINCT FROM: a null expected value matches a disabled job.
    public const string Disable = """
        UPDATE {schema}.recurring_jobs SET next_run_at = NULL, error = $3
        WHERE id = $1 AND next_run_at IS NOT DISTINCT FROM $2
        """;
}
