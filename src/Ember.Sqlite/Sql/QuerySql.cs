namespace Ember.Sqlite.Sql;

/// <summary>The read side's statements.</summary>
internal static class QuerySql
{
    /// <summary>The columns <see cref="JobRows.ReadInfo"/> expects, in its order.</summary>
    public const string JobColumns =
        "id, queue, state, invocation, created_at, state_changed_at, attempt, scheduled_at, " +
        "last_error_type, last_error_message, last_error_details, server_id, lease_expires_at, expire_at, parent_id, continuation_options";

    public const string SelectJob = "SELECT " + JobColumns + " FROM jobs WHERE id = $id";

    public const string SelectHistory = """
        SELECT state, at, reason, server_id, error_type, error_message, error_details, duration_ms
        FROM job_history WHERE job_id = $id ORDER BY id
        """;

    public const string CountByState = "SELECT state, count(*) FROM jobs GROUP BY state";

    public const string SelectPage = "SELECT " + JobColumns + """
         FROM jobs
        WHERE state = $state AND ($queue IS NULL OR queue = $queue)
        ORDER BY id DESC LIMIT $limit OFFSET $offset
        """;

    // A pruned parent lists no continuations, as in the in-memory store, though theirs keep its id as ParentId.
    public const string SelectContinuationIds = """
        SELECT id FROM jobs INDEXED BY ix_jobs_parent
        WHERE parent_id = $parent_id AND EXISTS (SELECT 1 FROM jobs WHERE id = $parent_id)
        ORDER BY id
        """;

    public const string SelectServers = "SELECT server_id, name, worker_count, queues, started_at, last_heartbeat FROM servers";
}
