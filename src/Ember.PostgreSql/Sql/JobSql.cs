namespace Ember.PostgreSql.Sql;

/// <summary>
/// The statements that change jobs: calls of the schema's functions (Functions/*.sql), one round trip
/// each. Templates with a <c>{schema}</c> placeholder; every value is a parameter.
/// </summary>
internal static class JobSql
{
    public const string Create = "SELECT {schema}.create_jobs($1, $2)";

    /// <summary>
    /// One job without a parent, the common enqueue (with its parameters, such as the captured culture): the job and its first history entry (kind 1, Created) in one plain statement,
    /// about a third cheaper than a create_jobs call (no plpgsql, no arrays). The triggers count and announce it alike.
    /// </summary>
    public const string CreateOne = """
        WITH created AS (
            INSERT INTO {schema}.jobs (queue, state, invocation, scheduled_at, continuation_options, created_at, state_changed_at, parameters, concurrency_key, concurrency_limit)
            VALUES ($1, $2, $3, $4, $6, $7, $7, $8, $9, $10)
            RETURNING id)
        INSERT INTO {schema}.job_history (job_id, state, kind, at, reason)
        SELECT id, $2, 1, $7, $5 FROM created
        RETURNING job_id
        """;

    public const string FirstMissingParent = """
        SELECT t.parent FROM unnest($1::bigint[]) WITH ORDINALITY AS t(parent, ord)
        WHERE NOT EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.id = t.parent) AND NOT EXISTS (SELECT 1 FROM {schema}.batches b WHERE b.id = t.parent)
        ORDER BY t.ord LIMIT 1
        """;

    /// <summary>The batch $1 and the batches holding it, nearest first (NewBatchRules.RefuseWaitingForOwnBatch).</summary>
    public const string BatchChain = """
        WITH RECURSIVE chain(id, parent_batch_id, depth) AS (
            SELECT id, parent_batch_id, 0 FROM {schema}.batches WHERE id = $1
            UNION ALL
            SELECT b.id, b.parent_batch_id, c.depth + 1 FROM {schema}.batches b JOIN chain c ON b.id = c.parent_batch_id)
        SELECT ARRAY(SELECT id FROM chain ORDER BY depth)
        """;

    public const string CreateBatch = "SELECT r_batch_ids, r_job_ids FROM {schema}.create_batch($1, $2, $3, $4, $5, $6)";

    /// <summary>Reserves $1 ids from the jobs' sequence (IJobStore.ReserveIdsAsync), in order.</summary>
    public const string ReserveIds = "SELECT ARRAY(SELECT nextval('{schema}.jobs_id_seq') FROM generate_series(1, $1))";

    public const string CancelBatch = "UPDATE {schema}.batches SET cancelled = true WHERE id = $1 AND state = 'Started'";

    public const string Fetch = "SELECT r_id, r_queue, r_invocation, r_attempt, r_lease_token, r_created_at, r_parameters FROM {schema}.fetch_jobs($1, $2, $3, $4, $5)";

    public const string Complete = "SELECT r_id, r_token, r_applied FROM {schema}.complete_jobs($1, $2)";

    public const string ChangeState = "SELECT {schema}.change_state($1, $2, $3, $4)";
    public const string ChangeStates = "SELECT {schema}.change_states($1, $2, $3, $4)";

    /// <summary>
    /// A job's own report (UpdateJobDataAsync): $3 parameters to merge (a JSON null removes one), $4 progress, $5/$6
    /// log lines; each left alone when NULL. With a lease token ($2), only while the run holds it. Returns whether the
    /// job was updated.
    /// </summary>
    public const string UpdateData = """
        WITH updated AS (
            UPDATE {schema}.jobs
            SET parameters = CASE WHEN $3::jsonb IS NULL THEN parameters ELSE
                    (SELECT jsonb_object_agg(key, value) FROM jsonb_each(coalesce(parameters, '{}') || $3::jsonb) WHERE jsonb_typeof(value) <> 'null') END,
                progress = coalesce($4, progress)
            WHERE id = $1 AND ($2::text IS NULL OR (state = 'Processing' AND lease_token = $2))
            RETURNING id
        ), lines AS (
            INSERT INTO {schema}.job_log (job_id, at, text)
            SELECT u.id, l.at, l.text FROM updated u, unnest($5::timestamptz[], $6::text[]) WITH ORDINALITY AS l(at, text, ord)
            ORDER BY l.ord
        )
        SELECT count(*)::integer FROM updated
        """;

    /// <summary>Keeps the newest $2 lines of job $1's log.</summary>
    public const string TrimLog = """
        DELETE FROM {schema}.job_log
        WHERE job_id = $1 AND id <= (SELECT id FROM {schema}.job_log WHERE job_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)
        """;

    /// <summary>
    /// Extends the leases still held; returns the ids extended (the caller reports the others lost). The rows are locked
    /// in id order first, as complete_jobs locks them: in any other order the two deadlock.
    /// </summary>
    public const string ExtendLeases = """
        WITH locked AS (
            SELECT j.id FROM {schema}.jobs j JOIN unnest($1::bigint[], $2::text[]) AS t(id, token) ON j.id = t.id
            WHERE j.state = 'Processing' AND j.lease_token = t.token
            ORDER BY j.id
            FOR UPDATE OF j
        )
        UPDATE {schema}.jobs j SET lease_expires_at = $3
        FROM locked l
        WHERE j.id = l.id
        RETURNING j.id, j.lease_token
        """;

    public const string RescueExpired = "SELECT {schema}.rescue_expired($1, $2)";

    public const string EnqueueDue = "SELECT {schema}.enqueue_due($1, $2)";

    public const string DeleteExpired = "SELECT {schema}.delete_expired($1, $2)";

    public const string FireRecurring = "SELECT {schema}.fire_recurring($1, $2, $3, $4, $5, $6)";

    public const string WorkChannel = "SELECT {schema}.work_channel()";
}
