namespace Ember.Sqlite.Sql;

/// <summary>The statements of paused queues and paused recurring jobs.</summary>
internal static class PauseSql
{
    public const string PauseQueue = "INSERT INTO paused_queues (queue, paused_at) VALUES ($queue, $now) ON CONFLICT (queue) DO NOTHING";

    public const string ResumeQueue = "DELETE FROM paused_queues WHERE queue = $queue";

    public const string SelectPausedQueues = "SELECT queue FROM paused_queues";

    // Whether the resumed queue holds work to announce.
    public const string AnyEnqueued = "SELECT EXISTS (SELECT 1 FROM jobs INDEXED BY ix_jobs_enqueued WHERE state = 'Enqueued' AND queue = $queue)";

    public const string SetRecurringPaused = "UPDATE recurring_jobs SET paused = $paused WHERE id = $id";
}
