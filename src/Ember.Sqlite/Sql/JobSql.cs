namespace Ember.Sqlite.Sql;

/// <summary>
/// The statements that change jobs. Constants only: every value is a parameter, so each statement is prepared once
/// per connection and reused.
/// </summary>
/// <remarks>
/// The searches name their partial index (INDEXED BY): without statistics SQLite may prefer ix_jobs_state and walk
/// every job of a state, and a missing index should fail loudly rather than turn into a scan.
/// </remarks>
internal static class JobSql
{
    public const string Insert = """
        INSERT INTO jobs (queue, state, invocation, created_at, state_changed_at, scheduled_at, attempt, parent_id, continuation_options, parameters, pending_parents, batch_id, concurrency_key, concurrency_limit)
        VALUES ($queue, $state, $invocation, $now, $now, $scheduled_at, 0, $parent_id, $continuation_options, $parameters, $pending_parents, $batch_id, $concurrency_key, $concurrency_limit)
        RETURNING id
        """;

    /// <summary>A job of a batch with its reserved id (NewJob.Id): the same columns as <see cref="Insert"/>.</summary>
    public const string InsertWithId = """
        INSERT INTO jobs (id, queue, state, invocation, created_at, state_changed_at, scheduled_at, attempt, parent_id, continuation_options, parameters, pending_parents, batch_id, concurrency_key, concurrency_limit)
        VALUES ($id, $queue, $state, $invocation, $now, $now, $scheduled_at, 0, $parent_id, $continuation_options, $parameters, $pending_parents, $batch_id, $concurrency_key, $concurrency_limit)
        RETURNING id
        """;

    /// <summary>One parent of a new continuation; <c>$waiting</c> is 0 for a parent that has already finished.</summary>
    public const string InsertParent = """
        INSERT INTO job_parents (parent_id, child_id, position, waiting) VALUES ($parent_id, $child_id, $position, $waiting)
        """;

    /// <summary>The state of a job named as a parent: it must exist, and its state says whether to wait for it.</summary>
    public const string SelectState = "SELECT state FROM jobs WHERE id = $id";

    /// <summary>A parent's first finish: its links that still wait stop waiting; returns their continuations.</summary>
    public const string CountParentFinished = """
        UPDATE job_parents SET waiting = 0 WHERE parent_id = $parent_id AND waiting = 1
        RETURNING child_id
        """;

    /// <summary>One parent fewer for a continuation still Awaiting: returns the parents left and its options.</summary>
    public const string CountDown = """
        UPDATE jobs SET pending_parents = pending_parents - 1 WHERE id = $id AND state = 'Awaiting'
        RETURNING pending_parents, continuation_options
        """;

    public const string InsertHistory = """
        INSERT INTO job_history (job_id, state, kind, at, reason, server_id, error_type, error_message, error_details, duration_ms)
        VALUES ($job_id, $state, $kind, $at, $reason, $server_id, $error_type, $error_message, $error_details, $duration_ms)
        """;

    // The Processing entries of one fetch in one statement: $job_ids is a JSON array of the claimed ids. Kind 2: Fetched.
    public const string InsertFetchHistory = """
        INSERT INTO job_history (job_id, state, kind, at, server_id)
        SELECT value, 'Processing', 2, $now, $server_id FROM json_each($job_ids) ORDER BY value
        """;

    // Claims the oldest jobs of one queue. Each claim's token is the call's random prefix plus the job id: unique per
    // claim without a round trip per row. RETURNING gives rows in no set order; the caller sorts them by id.
    public const string Fetch = """
        UPDATE jobs
        SET state = 'Processing', state_changed_at = $now, scheduled_at = NULL, expire_at = NULL, attempt = attempt + 1,
            server_id = $server_id, lease_token = $lease_token_prefix || id, lease_expires_at = $lease_expires_at
        WHERE id IN (SELECT id FROM jobs INDEXED BY ix_jobs_enqueued WHERE state = 'Enqueued' AND queue = $queue AND parked = 0 ORDER BY id LIMIT $limit)
        RETURNING id, invocation, attempt, created_at, lease_token, parameters
        """;

    // A transition as the in-memory store applies it: a null error keeps the last one, and the lease's expiry goes.
    // A job parked by its concurrency key is parked only while it stays Enqueued: any transition unparks it.
    private const string ApplyChange = """
        UPDATE jobs
        SET state = $state, state_changed_at = $now, scheduled_at = $scheduled_at, expire_at = $expire_at, parked = 0,
            last_error_type = CASE WHEN $has_error THEN $error_type ELSE last_error_type END,
            last_error_message = CASE WHEN $has_error THEN $error_message ELSE last_error_message END,
            last_error_details = CASE WHEN $has_error THEN $error_details ELSE last_error_details END,
            server_id = $server_id, lease_expires_at = NULL, result = coalesce($result, result)
        """;

    /// <summary>
    /// Applies a run's outcome only while the run still holds the lease. The token stays on the job, so that a retried
    /// write of the same outcome is told apart from a lost lease (<see cref="SelectCompletedRun"/>).
    /// </summary>
    public const string ApplyIfLeased = ApplyChange + """

        WHERE id = $id AND state = 'Processing' AND lease_token = $lease_token
        RETURNING queue, batch_id, concurrency_key
        """;

    /// <summary>Compare-and-set: applies only when the job is in state <c>$expected</c>. Any lease is gone.</summary>
    public const string ApplyIfInState = ApplyChange + ", lease_token = NULL" + """

        WHERE id = $id AND state = $expected
        RETURNING queue, batch_id, concurrency_key
        """;

    /// <summary>Whether a run's outcome was written already: the job left Processing under the run's token.</summary>
    public const string SelectCompletedRun = "SELECT 1 FROM jobs WHERE id = $id AND lease_token = $lease_token AND state <> 'Processing'";

    // A job's own report (UpdateJobDataAsync): each part is left alone when its parameter is NULL. With a lease
    // token, only while the run holds it. json_patch drops the parameters set to null.
    public const string UpdateData = """
        UPDATE jobs
        SET parameters = CASE WHEN $parameters IS NULL THEN parameters ELSE json_patch(coalesce(parameters, '{}'), $parameters) END,
            progress = coalesce($progress, progress)
        WHERE id = $id AND ($lease_token IS NULL OR (state = 'Processing' AND lease_token = $lease_token))
        """;

    public const string InsertLogLine = "INSERT INTO job_log (job_id, at, text) VALUES ($job_id, $at, $text)";

    // Keeps the newest $max lines of a job's log.
    public const string TrimLog = """
        DELETE FROM job_log
        WHERE job_id = $job_id AND id <= (SELECT id FROM job_log WHERE job_id = $job_id ORDER BY id DESC LIMIT 1 OFFSET $max)
        """;

    public const string ExtendLease = """
        UPDATE jobs SET lease_expires_at = $lease_expires_at
        WHERE id = $id AND state = 'Processing' AND lease_token = $lease_token
        """;

    public const string SelectExpiredLeases = """
        SELECT id, server_id FROM jobs INDEXED BY ix_jobs_processing
        WHERE state = 'Processing' AND lease_expires_at <= $now
        ORDER BY id LIMIT $limit
        """;

    public const string SelectDueScheduled = """
        SELECT id FROM jobs INDEXED BY ix_jobs_scheduled
        WHERE state = 'Scheduled' AND coalesce(scheduled_at, state_changed_at) <= $now
        ORDER BY coalesce(scheduled_at, state_changed_at), id LIMIT $limit
        """;

    // History rows go with their job through ON DELETE CASCADE. The states are for the counters.
    public const string DeleteExpired = """
        DELETE FROM jobs
        WHERE id IN (SELECT id FROM jobs INDEXED BY ix_jobs_expire WHERE expire_at IS NOT NULL AND expire_at <= $now ORDER BY expire_at, id LIMIT $limit)
        RETURNING state, queue, id, batch_id
        """;

    // A pruned job's links to its continuations (theirs to it go by the cascade from jobs).
    public const string DeleteParentLinks = "DELETE FROM job_parents WHERE parent_id IN (SELECT value FROM json_each($ids))";
}
