namespace Ember.PostgreSql.Sql;

/// <summary>The read side's statements (templates with a <c>{schema}</c> placeholder).</summary>
internal static class QuerySql
{
    /// <summary>The columns <see cref="JobRows.ReadInfo"/> expects, in its order.</summary>
    public const string JobColumns =
        "id, queue, state, invocation, created_at, state_changed_at, attempt, scheduled_at, " +
        "last_error_type, last_error_message, last_error_details, server_id, lease_expires_at, expire_at, parent_id, continuation_options, batch_id";

    // A job's page also shows what it reported: result, parameters, progress (after JobColumns, from ordinal 17).
    public const string SelectJob = "SELECT " + JobColumns + ", result, parameters::text, progress FROM {schema}.jobs WHERE id = $1";

    public const string SelectLog = "SELECT at, text FROM {schema}.job_log WHERE job_id = $1 ORDER BY id";

    public const string SelectHistory = """
        SELECT state, at, reason, server_id, error_type, error_message, error_details, duration_ms, kind
        FROM {schema}.job_history WHERE job_id = $1 ORDER BY id
        """;

    // The counter deltas the triggers append, folded by compact_state_counts(): a few rows, never the jobs table.
    public const string CountByState = "SELECT state, sum(delta)::bigint FROM {schema}.state_counts GROUP BY state";

    // Counts by state and the running totals in one round trip and one snapshot; two small tables of deltas (a few
    // rows per state and queue, at most 745 hours x 2 states), never the jobs table.
    public const string Statistics = """
        SELECT false, state, sum(delta)::bigint FROM {schema}.state_counts GROUP BY state
        UNION ALL
        SELECT true, state, sum(delta)::bigint FROM {schema}.finished_counts GROUP BY state
        """;

    // Counts from the counters; the head of each queue (the fetch order) is one index seek for when it became Enqueued,
    // unless jobs parked by a full concurrency key are older (read from ix_jobs_parked, whose keys come first).
    public const string Queues = """
        SELECT c.queue, c.n, (SELECT h.state_changed_at FROM (
                (SELECT j.created_at, j.id, j.state_changed_at FROM {schema}.jobs j WHERE j.state = 'Enqueued' AND j.queue = c.queue AND NOT j.parked ORDER BY j.created_at, j.id LIMIT 1)
                UNION ALL
                (SELECT j.created_at, j.id, j.state_changed_at FROM {schema}.jobs j WHERE j.state = 'Enqueued' AND j.queue = c.queue AND j.parked ORDER BY j.created_at, j.id LIMIT 1)) h
            ORDER BY h.created_at, h.id LIMIT 1)
        FROM (SELECT queue, sum(delta)::bigint AS n FROM {schema}.state_counts WHERE state = 'Enqueued' GROUP BY queue HAVING sum(delta) > 0) c
        """;

    // $1 inclusive, $2 exclusive: starts of UTC hours.
    public const string HourlyCounts = """
        SELECT hour, state, sum(delta)::bigint FROM {schema}.finished_counts
        WHERE hour >= $1 AND hour < $2 GROUP BY hour, state
        """;

    // Read from the partial index ix_jobs_failed_type alone.
    public const string FailureGroups = "SELECT last_error_type, count(*) FROM {schema}.jobs WHERE state = 'Failed' GROUP BY last_error_type";

    /// <summary>
    /// The page of jobs for one combination of filters. Each combination is its own fixed text, planned for exactly its
    /// predicates (no "$n IS NULL OR ..." that a generic plan can't use an index for) and prepared once.
    /// Parameters: $1 state, $2 count, $3 offset, $4 the key of a walk by id (only smaller ids; the largest id when
    /// none: a range bound on the index, as cheap as no bound), then the value of each filter present, in the order of
    /// <see cref="PageFilters"/>; a search adds its ILIKE pattern, the id it may equal (or null), and how many of the
    /// newest jobs it examines.
    /// </summary>
    public static string Page(PageFilters filters)
    {
        var where = "state = $1 AND id < $4";
        var next = 5;
        if (filters.HasFlag(PageFilters.Queue)) where += $" AND queue = ${next++}";
        if (filters.HasFlag(PageFilters.ExceptionType)) where += $" AND last_error_type = ${next++}";
        if (filters.HasFlag(PageFilters.WithError)) where += " AND last_error_type IS NOT NULL";
        if (!filters.HasFlag(PageFilters.Search))
            return $"SELECT {JobColumns} FROM {{schema}}.jobs WHERE {where} ORDER BY id DESC LIMIT $2 OFFSET $3";
        // The text scan is bounded to the newest jobs that pass the other filters (an index range scan, newest
        // first), so a search never reads a million invocations; an id is found wherever it is. COLLATE "C": ILIKE
        // folds ASCII letters only, as the contract says, and runs several times faster than under a UTF-8 locale.
        var (pattern, id, examined) = (next, next + 1, next + 2);
        return $$"""
            SELECT {{JobColumns}} FROM {schema}.jobs
            WHERE {{where}} AND id IN (
                SELECT e.id FROM (SELECT id, invocation FROM {schema}.jobs WHERE {{where}} ORDER BY id DESC LIMIT ${{examined}}) e
                WHERE e.invocation COLLATE "C" ILIKE ${{pattern}} ESCAPE E'\\'
                UNION ALL
                SELECT ${{id}}::bigint)
            ORDER BY id DESC LIMIT $2 OFFSET $3
            """;
    }

    // A pruned parent lists no continuations, as in the in-memory store, though theirs keep its id as ParentId.
    public const string SelectContinuationIds = """
        SELECT child_id FROM {schema}.job_parents WHERE parent_id = $1 ORDER BY child_id
        """;

    /// <summary>A continuation's parents, in the order given.</summary>
    public const string SelectParentIds = "SELECT parent_id FROM {schema}.job_parents WHERE child_id = $1 ORDER BY position";

    public const string SelectServers = "SELECT server_id, name, worker_count, queues, started_at, last_heartbeat FROM {schema}.servers";

    // A batch with its running members counted: one range of the batch's index, bounded by the workers.
    private const string BatchColumns = """
        b.id, b.description, b.state, b.parent_batch_id, b.created_at, b.finished_at, b.cancelled, b.total, b.succeeded, b.failed, b.deleted,
        (SELECT count(*) FROM {schema}.jobs j WHERE j.batch_id = b.id AND j.state = 'Processing')
        """;

    public const string SelectBatch = "SELECT " + BatchColumns + " FROM {schema}.batches b WHERE b.id = $1";

    // Top-level batches ($1 null) or those nested in $1, newest first, a page at a time by key ($2).
    public const string SelectBatches = "SELECT " + BatchColumns + """
         FROM {schema}.batches b
        WHERE b.parent_batch_id IS NOT DISTINCT FROM $1 AND b.id < $2 ORDER BY b.id DESC LIMIT $3
        """;

    // A batch's jobs ($2: one state, or null for all), newest first, by key ($3).
    // A batch's jobs come with their results (ordinal 17): a continuation of the batch reads them ([FromResults]).
    public const string SelectBatchJobs = "SELECT " + JobColumns + ", result" + """
         FROM {schema}.jobs
        WHERE batch_id = $1 AND ($2::text IS NULL OR state = $2) AND id < $3 ORDER BY id DESC LIMIT $4
        """;
}
