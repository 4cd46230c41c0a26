namespace Ember.Sqlite.Sql;

/// <summary>The statements of recurring jobs, for the store and the read side.</summary>
internal static class RecurringSql
{
    /// <summary>The columns <see cref="RecurringRows.Read"/> expects, in its order.</summary>
    public const string Columns = "id, cron, time_zone_id, queue, invocation, misfire, next_run_at, last_run_at, last_job_id, error, created_at, paused";

    // Replaces every field but created_at, which stays from the first insert, and paused, which only a pause or resume sets.
    public const string Upsert = """
        INSERT INTO recurring_jobs (id, cron, time_zone_id, queue, invocation, misfire, next_run_at, last_run_at, last_job_id, error, created_at)
        VALUES ($id, $cron, $time_zone_id, $queue, $invocation, $misfire, $next_run_at, $last_run_at, $last_job_id, $error, $now)
        ON CONFLICT (id) DO UPDATE SET
            cron = excluded.cron, time_zone_id = excluded.time_zone_id, queue = excluded.queue, invocation = excluded.invocation,
            misfire = excluded.misfire, next_run_at = excluded.next_run_at, last_run_at = excluded.last_run_at,
            last_job_id = excluded.last_job_id, error = excluded.error
        """;

    public const string Delete = "DELETE FROM recurring_jobs WHERE id = $id";

    public const string Select = "SELECT " + Columns + " FROM recurring_jobs WHERE id = $id";

    public const string SelectAll = "SELECT " + Columns + " FROM recurring_jobs";

    public const string SelectDue = "SELECT " + Columns + """
         FROM recurring_jobs INDEXED BY ix_recurring_jobs_due
        WHERE next_run_at IS NOT NULL AND next_run_at <= $now AND paused = 0
        ORDER BY next_run_at, id LIMIT $limit
        """;

    // The fence of a firing or a disabling: IS, not =, so that a null $expected matches a disabled job.
    public const string SelectIfNextRunAt = "SELECT 1 FROM recurring_jobs WHERE id = $id AND next_run_at IS $expected";

    // Runs after SelectIfNextRunAt in the same IMMEDIATE transaction, so the fence still holds. A firing that created
    // no job (skipped misfires) keeps the last job id.
    public const string Fire = """
        UPDATE recurring_jobs
        SET next_run_at = $next_run_at, last_run_at = $run_at, last_job_id = coalesce($last_job_id, last_job_id), error = NULL
        WHERE id = $id
        """;

    public const string Disable = """
        UPDATE recurring_jobs SET next_run_at = NULL, error = $error
        WHERE id = $id AND next_run_at IS $expected
        """;
}
