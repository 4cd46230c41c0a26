namespace Ember.Sqlite.Sql;

/// <summary>The statements of unique keys (NewJob.Unique).</summary>
internal static class UniqueSql
{
    // The newest job created with the key, since a time ($since: 0 for any), that is in one of the key's states
    // ($states: a JSON array of state names). Read in the write transaction that inserts, so no one else writes between.
    public const string SelectHolder = """
        SELECT u.job_id FROM job_unique_keys u JOIN jobs j ON j.id = u.job_id
        WHERE u.key = $key AND u.created_at >= $since AND j.state IN (SELECT value FROM json_each($states))
        ORDER BY u.job_id DESC LIMIT 1
        """;

    public const string Insert = "INSERT INTO job_unique_keys (job_id, key, created_at) VALUES ($job_id, $key, $now)";

    // Debounce: a holder still Scheduled takes the new job's invocation and due time.
    public const string Debounce = "UPDATE jobs SET invocation = $invocation, scheduled_at = $scheduled_at WHERE id = $id AND state = 'Scheduled'";
}
