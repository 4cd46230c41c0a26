using Ember.PostgreSql;
using Ember.Storage;
using Npgsql;

namespace Ember.Benchmarks.Storage;

/// <summary>
/// A fresh database per run, as the anchor does for Hangfire: the connection string's database is dropped and
/// re-created, then dropped again on dispose. The store uses its default options (schema "ember", notifications on).
/// </summary>
internal sealed class PostgreSqlBenchStorage : BenchStorage
{
    private readonly PostgreSqlJobStore _store;
    private readonly string _connectionString;
    private readonly bool _ownsDatabase;

    private PostgreSqlBenchStorage(string connectionString, bool ownsDatabase)
    {
        _connectionString = connectionString;
        _ownsDatabase = ownsDatabase;
        _store = new PostgreSqlJobStore(connectionString);
    }

    public override IJobStore Store => _store;

    public override IReadOnlyList<string> SharedWithChildArguments =>
        ["--storage", "postgres", "--pg", _connectionString, "--shared", new NpgsqlConnectionStringBuilder(_connectionString).Database!];

    /// <param name="connectionString">Names the database to use.</param>
    /// <param name="sharedDatabase">A database another process created and will drop, or null for a fresh one.</param>
    public static async Task<PostgreSqlBenchStorage> OpenAsync(string connectionString, string? sharedDatabase)
    {
        if (sharedDatabase is not null)
            return new PostgreSqlBenchStorage(new NpgsqlConnectionStringBuilder(connectionString) { Database = sharedDatabase }.ConnectionString, ownsDatabase: false);
        await RunOnServerAsync(connectionString, database => [$"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", $"CREATE DATABASE \"{database}\""]).ConfigureAwait(false);
        return new PostgreSqlBenchStorage(connectionString, ownsDatabase: true);
    }

    public override async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync().ConfigureAwait(false);
        NpgsqlConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("TMP_FSTATS") is not null)
        {
            await using var c = new NpgsqlConnection(_connectionString); await c.OpenAsync();
            await Task.Delay(1500);
            await using var cmd = new NpgsqlCommand("select funcname, calls, round(total_time), round(self_time) from pg_stat_user_functions order by total_time desc", c);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) Console.Error.WriteLine($"{r.GetString(0)} {r.GetInt64(1)} {r.GetDouble(2)} {r.GetDouble(3)}");
        }
        if (_ownsDatabase) await RunOnServerAsync(_connectionString, database => [$"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"]).ConfigureAwait(false);
    }

    // Runs statements about the connection string's database from the server's maintenance database.
    private static async Task RunOnServerAsync(string connectionString, Func<string, string[]> statements)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database ?? throw new ArgumentException("The PostgreSQL connection string (--pg or BENCH_PG) must name a database.");
        builder.Database = "postgres";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        foreach (var sql in statements(database))
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }
}
