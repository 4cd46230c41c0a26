namespace Ember.Sqlite.Sql;

/// <summary>The read side's statements.</summary>
internal static class QuerySql
{
    /// <summary>The columns <see cref="JobRows.ReadInfo"/> expects, in its order.</summary>
    public const string JobColumns =
        "id, queue, state, invocation, created_at, state_changed_at, attempt, scheduled_at, " +
        "last_error_type, last_error_message, last_error_details, server_id, lease_expires_at, expire_at, parent_id, continuation_options";

    // A job's page also shows what it reported: result, parameters, progress (after JobColumns, from ordinal 16).
    public const string SelectJob = "SELECT " + JobColumns + ", result, parameters, progress FROM jobs WHERE id = $id";

    public const string SelectLog = "SELECT at, text FROM job_log WHERE job_id = $id ORDER BY id";

    public const string SelectHistory = """
        SELECT state, at, reason, server_id, error_type, error_message, error_details, duration_ms, kind
        FROM job_history WHERE job_id = $id ORDER BY id
        """;

    // The list's filters: each is off when its parameter is NULL (0 for $with_error).
    private const string Filters = """
         AND ($queue IS NULL OR queue = $queue)
         AND ($exception_type IS NULL OR last_error_type = $exception_type)
         AND (NOT $with_error OR last_error_type IS NOT NULL)
        """;

    private const string NewestFirst = " ORDER BY id DESC LIMIT $limit OFFSET $offset";

    /// <summary>A page of one state: a range of ix_jobs_state read backwards, however many jobs the state holds.</summary>
    public const string SelectPage = "SELECT " + JobColumns + " FROM jobs INDEXED BY ix_jobs_state WHERE state = $state" + Filters + NewestFirst;

    /// <summary>
    /// The id of the oldest job a search examines by text: the state's <c>$scan_offset</c>+1-th newest, or none when it
    /// holds fewer. Read once before <see cref="SearchPage"/>, on the index alone.
    /// </summary>
    public const string SearchBound = "SELECT id FROM jobs INDEXED BY ix_jobs_state WHERE state = $state ORDER BY id DESC LIMIT 1 OFFSET $scan_offset";

    /// <summary>
    /// A page of the jobs matching a search. The text is looked for only in the invocations of jobs from
    /// <c>$bound</c> up (see <see cref="SearchBound"/>): each one examined is a row read, so a search is capped rather
    /// than left to read a million. A job id ($search_id: the text as an id, or NULL) is found however old; rows below
    /// the bound are then skipped on the index alone. $pattern is the text escaped for LIKE (ASCII case-insensitive)
    /// with '\'.
    /// </summary>
    public const string SearchPage = $$"""
        SELECT {{JobColumns}}
        FROM jobs INDEXED BY ix_jobs_state
        WHERE state = $state
          AND id >= min($bound, coalesce($search_id, $bound))
          AND (id = $search_id OR (id >= $bound AND invocation LIKE $pattern ESCAPE '\'))
        {{Filters}}{{NewestFirst}}
        """;

    // The next queue, in name order, that holds Enqueued jobs: one seek in the partial index, however long the queues
    // are. Called with the last name found until it returns nothing, it lists the queues with work.
    public const string NextEnqueuedQueue = """
        SELECT queue FROM jobs INDEXED BY ix_jobs_enqueued WHERE state = 'Enqueued' AND queue > $after ORDER BY queue LIMIT 1
        """;

    // Covering partial index: reads the Enqueued jobs' (queue, id) entries only, never a table row.
    public const string CountEnqueuedByQueue = """
        SELECT queue, count(*) FROM jobs INDEXED BY ix_jobs_enqueued WHERE state = 'Enqueued' GROUP BY queue
        """;

    // The head of each queue (lowest id) from the partial index, then when each entered Enqueued.
    public const string OldestEnqueuedAt = """
        SELECT min(j.state_changed_at) FROM jobs j
        JOIN (SELECT min(id) AS id FROM jobs INDEXED BY ix_jobs_enqueued WHERE state = 'Enqueued' GROUP BY queue) h ON j.id = h.id
        """;

    // Covering partial index of the Failed jobs (migration 0003).
    public const string CountFailedByType = """
        SELECT last_error_type, count(*) FROM jobs INDEXED BY ix_jobs_failed WHERE state = 'Failed' GROUP BY last_error_type
        """;

    // A pruned parent lists no continuations, as in the in-memory store, though theirs keep its id as ParentId.
    public const string SelectContinuationIds = """
        SELECT id FROM jobs INDEXED BY ix_jobs_parent
        WHERE parent_id = $parent_id AND EXISTS (SELECT 1 FROM jobs WHERE id = $parent_id)
        ORDER BY id
        """;

    public const string SelectServers = "SELECT server_id, name, worker_count, queues, started_at, last_heartbeat FROM servers";
}
