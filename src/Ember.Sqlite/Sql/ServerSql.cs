namespace Ember.Sqlite.Sql;

/// <summary>The statements of the server registry.</summary>
internal static class ServerSql
{
    public const string Upsert = """
        INSERT INTO servers (server_id, name, worker_count, queues, started_at, last_heartbeat)
        VALUES ($server_id, $name, $worker_count, $queues, $started_at, $now)
        ON CONFLICT (server_id) DO UPDATE SET
            name = excluded.name, worker_count = excluded.worker_count, queues = excluded.queues,
            started_at = excluded.started_at, last_heartbeat = excluded.last_heartbeat
        """;

    public const string Delete = "DELETE FROM servers WHERE server_id = $server_id";

    public const string DeleteSilentSince = "DELETE FROM servers WHERE last_heartbeat < $cutoff";
}
