using Ember.Storage;

namespace Ember.Sqlite.Sql;

/// <summary>The read side's statements.</summary>
internal static class QuerySql
{
    /// <summary>The columns <see cref="JobRows.ReadInfo"/> expects, in its order.</summary>
    public const string JobColumns =
        "id, queue, state, invocation, created_at, state_changed_at, attempt, scheduled_at, " +
        "last_error_type, last_error_message, last_error_details, server_id, lease_expires_at, expire_at, parent_id, continuation_options, batch_id";

    // A job's page also shows what it reported: result, parameters, progress (after JobColumns, from ordinal 17).
    public const string SelectJob = "SELECT " + JobColumns + ", result, parameters, progress FROM jobs WHERE id = $id";

    public const string SelectLog = "SELECT at, text FROM job_log WHERE job_id = $id ORDER BY id";

    public const string SelectHistory = """
        SELECT state, at, reason, server_id, error_type, error_message, error_details, duration_ms, kind
        FROM job_history WHERE job_id = $id ORDER BY id
        """;

    /// <summary>
    /// The page of jobs in <paramref name="state"/> for one combination of filters (<see cref="PageFilters"/>): each its
    /// own text that names the index holding exactly its rows, read as a range newest first, so a filtered page reads
    /// the rows it shows, not the state's other jobs. $before: the key of a walk by id (the largest id when none), a
    /// bound of the range. Parameters: $state, $before, $limit, $offset, and $queue, $exception_type as the filters need.
    /// </summary>
    public static string Page(PageFilters filters, JobState state) => Pages[(int)filters][(int)state];

    private static readonly string[][] Pages = Enumerable.Range(0, (int)PageFilters.All + 1)
        .Select(f => Enum.GetValues<JobState>().Select(state => BuildPage((PageFilters)f, state)).ToArray()).ToArray();

    /// <summary>The index a page with these filters reads (migrations 0006 and 0014).</summary>
    public static string PageIndex(PageFilters filters, JobState state) =>
        filters.HasFlag(PageFilters.ExceptionType) ? "ix_jobs_error_type"
        : filters.HasFlag(PageFilters.WithError) ? "ix_jobs_errors"
        : filters.HasFlag(PageFilters.Queue) ? QueueIndex(state) ?? "ix_jobs_state"
        : "ix_jobs_state";

    // The partial index of one state's jobs by queue; none for Processing, whose few jobs (one per worker at most) are
    // read through the state's range of ix_jobs_state.
    private static string? QueueIndex(JobState state) => state switch
    {
        JobState.Enqueued => "ix_jobs_enqueued",
        JobState.Processing => null,
        _ => $"ix_jobs_{state.ToString().ToLowerInvariant()}_queue",
    };

    private static string BuildPage(PageFilters filters, JobState state)
    {
        // A partial index is used only when the statement spells its condition: the state as a literal then.
        var partial = PageIndex(filters, state) == QueueIndex(state);
        var where = (partial ? $"state = '{StoredValues.Name(state)}'" : "state = $state") + " AND id < $before";
        if (filters.HasFlag(PageFilters.Queue)) where += " AND queue = $queue";
        if (filters.HasFlag(PageFilters.ExceptionType)) where += " AND last_error_type = $exception_type";
        // Written as the partial indexes' own condition, which SQLite must see to use them.
        if (filters.HasFlag(PageFilters.WithError) || filters.HasFlag(PageFilters.ExceptionType)) where += " AND last_error_type IS NOT NULL";
        // A search looks for its text only in the invocations of jobs from $bound up (see SearchBound): each one
        // examined is a row read, so a search is capped rather than left to read a million. A job id ($search_id: the
        // text as an id, or NULL) is found however old; rows below the bound are then skipped on the index alone.
        // $pattern is the text escaped for LIKE (ASCII case-insensitive) with '\'.
        if (filters.HasFlag(PageFilters.Search))
            where += " AND id >= min($bound, coalesce($search_id, $bound)) AND (id = $search_id OR (id >= $bound AND invocation LIKE $pattern ESCAPE '\\'))";
        var select = $"SELECT {JobColumns} FROM jobs INDEXED BY {PageIndex(filters, state)} WHERE {where}";
        // ix_jobs_enqueued orders a queue's jobs by (parked, id) for the fetch (migration 11): the page merges the two
        // ranges, waiting and parked, each newest first, rather than sorting the queue.
        if (partial && state == JobState.Enqueued) select = $"{select} AND parked = 0 UNION ALL {select} AND parked = 1";
        return $"{select} ORDER BY id DESC LIMIT $limit OFFSET $offset";
    }

    /// <summary>
    /// The id of the oldest job a search examines by text: the state's <c>$scan_offset</c>+1-th newest, or none when it
    /// holds fewer. Read once before a search page, on the index alone.
    /// </summary>
    public const string SearchBound = "SELECT id FROM jobs INDEXED BY ix_jobs_state WHERE state = $state ORDER BY id DESC LIMIT 1 OFFSET $scan_offset";

    // The next queue, in name order, that holds Enqueued jobs: one seek in the partial index, however long the queues
    // are. Called with the last name found until it returns nothing, it lists the queues with work.
    public const string NextEnqueuedQueue = """
        SELECT queue FROM jobs INDEXED BY ix_jobs_enqueued WHERE state = 'Enqueued' AND queue > $after ORDER BY queue LIMIT 1
        """;

    // The queue lengths kept by JobCounters (migration 0006): a range of job_counters' key, one row per queue. The head
    // of each queue is its lowest id (the fetch order), parked or not: two seeks in the covering partial index, when it became Enqueued.
    public const string SelectQueueCounters = """
        SELECT h.queue, h.n, (SELECT state_changed_at FROM jobs WHERE id = coalesce(min(h.ready, h.parked), h.ready, h.parked))
        FROM (SELECT substr(c.name, 7) AS queue, c.value AS n,
                     (SELECT min(id) FROM jobs INDEXED BY ix_jobs_enqueued WHERE state = 'Enqueued' AND queue = substr(c.name, 7) AND parked = 0) AS ready,
                     (SELECT min(id) FROM jobs INDEXED BY ix_jobs_enqueued WHERE state = 'Enqueued' AND queue = substr(c.name, 7) AND parked = 1) AS parked
              FROM job_counters c WHERE c.name >= 'queue:' AND c.name < 'queue;' AND c.value > 0) h
        """;

    // Covering partial index of the Failed jobs (migration 0003).
    public const string CountFailedByType = """
        SELECT last_error_type, count(*) FROM jobs INDEXED BY ix_jobs_failed WHERE state = 'Failed' GROUP BY last_error_type
        """;

    // A pruned parent lists no continuations (its links go with it), as in the in-memory store, though theirs keep its
    // id among their parents.
    public const string SelectContinuationIds = """
        SELECT child_id FROM job_parents WHERE parent_id = $parent_id ORDER BY child_id
        """;

    /// <summary>A continuation's parents, in the order given.</summary>
    public const string SelectParentIds = "SELECT parent_id FROM job_parents WHERE child_id = $id ORDER BY position";

    public const string SelectServers = "SELECT server_id, name, worker_count, queues, started_at, last_heartbeat FROM servers";

    public const string BatchColumns = "id, description, state, parent_batch_id, created_at, finished_at, cancelled, total, succeeded, failed, deleted";

    public const string SelectBatch = "SELECT " + BatchColumns + " FROM batches WHERE id = $id";

    // Top-level batches (or the ones nested in $parent), newest first, a page at a time by key.
    public const string SelectBatches = "SELECT " + BatchColumns + " FROM batches WHERE parent_batch_id IS NULL AND id < $before ORDER BY id DESC LIMIT $limit";

    public const string SelectNestedBatches = "SELECT " + BatchColumns + " FROM batches INDEXED BY ix_batches_parent WHERE parent_batch_id = $parent AND id < $before ORDER BY id DESC LIMIT $limit";

    // Running members: bounded by the workers, one range of the batch's index.
    public const string CountRunningInBatch = "SELECT count(*) FROM jobs INDEXED BY ix_jobs_batch WHERE batch_id = $id AND state = 'Processing'";

    // A batch's jobs come with their results (ordinal 17): a continuation of the batch reads them ([FromResults]).
    public const string SelectBatchJobsInState = "SELECT " + JobColumns + ", result" + """
         FROM jobs INDEXED BY ix_jobs_batch WHERE batch_id = $id AND state = $state AND id < $before ORDER BY id DESC LIMIT $limit
        """;

    // Every state: the batch's range of the index, sorted by id (a batch's page lists its jobs by state when it is large).
    public const string SelectBatchJobs = "SELECT " + JobColumns + ", result" + """
         FROM jobs INDEXED BY ix_jobs_batch WHERE batch_id = $id AND id < $before ORDER BY id DESC LIMIT $limit
        """;
}
