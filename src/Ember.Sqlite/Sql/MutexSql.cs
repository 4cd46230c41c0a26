namespace Ember.Sqlite.Sql;

/// <summary>The statements of job mutexes, held by one run (job id and lease token) at a time.</summary>
internal static class MutexSql
{
    public const string SelectHolder = "SELECT job_id, lease_token FROM mutexes WHERE name = $name";

    /// <summary>Whether a run is still going: its job is Processing under its lease token.</summary>
    public const string IsRunning = "SELECT 1 FROM jobs WHERE id = $id AND state = 'Processing' AND lease_token = $lease_token";

    public const string Take = """
        INSERT INTO mutexes (name, job_id, lease_token) VALUES ($name, $job_id, $lease_token)
        ON CONFLICT (name) DO UPDATE SET job_id = excluded.job_id, lease_token = excluded.lease_token
        """;

    public const string Release = "DELETE FROM mutexes WHERE name = $name AND job_id = $job_id AND lease_token = $lease_token";
}
