namespace Ember.PostgreSql.Sql;

/// <summary>The statements of the server registry (templates with a <c>{schema}</c> placeholder).</summary>
internal static class ServerSql
{
    public const string Upsert = """
        INSERT INTO {schema}.servers (server_id, name, worker_count, queues, started_at, last_heartbeat)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (server_id) DO UPDATE SET
            name = excluded.name, worker_count = excluded.worker_count, queues = excluded.queues,
            started_at = excluded.started_at, last_heartbeat = excluded.last_heartbeat
        """;

    public const string Delete = "DELETE FROM {schema}.servers WHERE server_id = $1";

    public const string DeleteSilentSince = "DELETE FROM {schema}.servers WHERE last_heartbeat < $1";
}
