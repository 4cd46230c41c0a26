namespace Ember.PostgreSql.Sql;

/// <summary>The read side's statements (templates with a <c>{schema}</c> placeholder).</summary>
internal static class QuerySql
{
    /// <summary>The columns <see cref="JobRows.ReadInfo"/> expects, in its order.</summary>
    public const string JobColumns =
        "id, queue, state, invocation, created_at, state_changed_at, attempt, scheduled_at, " +
        "last_error_type, last_error_message, last_error_details, server_id, lease_expires_at, expire_at, parent_id, continuation_options";

    public const string SelectJob = "SELECT " + JobColumns + " FROM {schema}.jobs WHERE id = $1";

    public const string SelectHistory = """
        SELECT state, at, reason, server_id, error_type, error_message, error_details, duration_ms
        FROM {schema}.job_history WHERE job_id = $1 ORDER BY id
        """;

    // The counter deltas the triggers append, folded by compact_state_counts(): a few rows, never the jobs table.
    public const string CountByState = "SELECT state, sum(delta)::bigint FROM {schema}.state_counts GROUP BY state";

    public const string SelectPage = "SELECT " + JobColumns + """
         FROM {schema}.jobs
        WHERE state = $1 AND ($2::text IS NULL OR queue = $2)
        ORDER BY id DESC LIMIT $3 OFFSET $4
        """;

    // A pruned parent lists no continuations, as in the in-memory store, though theirs keep its id as ParentId.
    public const string SelectContinuationIds = """
        SELECT id FROM {schema}.jobs
        WHERE parent_id = $1 AND parent_id IS NOT NULL AND EXISTS (SELECT 1 FROM {schema}.jobs WHERE id = $1)
        ORDER BY id
        """;

    public const string SelectServers = "SELECT server_id, name, worker_count, queues, started_at, last_heartbeat FROM {schema}.servers";
}
