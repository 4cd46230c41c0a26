namespace Ember.PostgreSql.Sql;

/// <summary>The statements of paused queues and paused recurring jobs (templates with a <c>{schema}</c> placeholder).</summary>
internal static class PauseSql
{
    public const string PauseQueue = "INSERT INTO {schema}.paused_queues (queue, paused_at) VALUES ($1, $2) ON CONFLICT (queue) DO NOTHING";

    // Resumed: servers waiting for the queue hear of its jobs again, at commit, if it has any a fetch can take.
    public const string ResumeQueue = """
        WITH resumed AS (DELETE FROM {schema}.paused_queues WHERE queue = $1 RETURNING queue)
        SELECT count(*), count(CASE WHEN EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.state = 'Enqueued' AND j.queue = r.queue AND NOT j.parked)
                                    THEN pg_notify({schema}.work_channel(), r.queue) END)
        FROM resumed r
        """;

    public const string SelectPausedQueues = "SELECT queue FROM {schema}.paused_queues ORDER BY queue COLLATE \"C\"";

    public const string SetRecurringPaused = "UPDATE {schema}.recurring_jobs SET paused = $2 WHERE id = $1";
}
