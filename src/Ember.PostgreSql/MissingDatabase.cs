using Npgsql;

namespace Ember.PostgreSql;

// A connection string naming a database that doesn't exist yet is the first thing a newcomer meets: the store creates
// the database when it built the data source and may prepare the schema, and otherwise says how, with the SQL.
internal static class MissingDatabase
{
    public static bool Is(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName };

    public static async Task CreateOrExplainAsync(string? ownConnectionString, NpgsqlDataSource dataSource, bool mayCreate, string location,
        Exception missing, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(ownConnectionString ?? dataSource.ConnectionString);
        var database = builder.Database ?? "";
        var sql = $"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        string why;
        if (!mayCreate || ownConnectionString is null)
        {
            why = ownConnectionString is null
                ? "Ember does not create databases through a data source it was given"
                : "PrepareSchemaIfNecessary is false, so Ember creates nothing";
        }
        else
        {
            // The maintenance database every cluster has, with the same credentials; unpooled, as it is used once.
            builder.Database = "postgres";
            builder.Pooling = false;
            try
            {
                var connection = new NpgsqlConnection(builder.ConnectionString);
                await using (connection.ConfigureAwait(false))
                {
                    await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                    var command = new NpgsqlCommand(sql, connection);
                    await using (command.ConfigureAwait(false))
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                return; // another process created it meanwhile
            }
            catch (NpgsqlException ex)
            {
                why = $"creating it failed: {ex.Message}";
            }
        }
        throw new InvalidOperationException(
            $"The PostgreSQL database \"{database}\" does not exist at {location}, and {why}. Create it as a user who may " +
            $"(e.g. psql -U postgres -c '{sql}'), or set Database in the connection string to an existing database.", missing);
    }
}
