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

    private readonly bool _functionStats;

    private PostgreSqlBenchStorage(string connectionString, bool ownsDatabase, bool functionStats)
    {
        _connectionString = connectionString;
        _ownsDatabase = ownsDatabase;
        _functionStats = functionStats;
        _store = new PostgreSqlJobStore(connectionString);
    }

    public override IJobStore Store => _store;

    // For the benchmark's own statements. A pooled connection would outlive the database, which the next run drops and
    // re-creates under the same name (terminating its backends), and hand the next run a dead connection.
    private string UnpooledConnectionString => new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString;

    public override IReadOnlyList<string> SharedWithChildArguments =>
        ["--storage", "postgres", "--pg", _connectionString, "--shared", new NpgsqlConnectionStringBuilder(_connectionString).Database!];

    /// <summary>
    /// VACUUM ANALYZE and CHECKPOINT. Seeding a backlog of a million jobs in a minute leaves about as many dead index
    /// entries at the head of the fetch index, which fetches step over until autovacuum (which looks at each database
    /// once a minute) gets to them: measured unsettled, fetches took 9 ms instead of 1.4 and the backlog ran at 0.17-0.26
    /// of the empty store (docs/postgresql.md, "After a burst"). Its WAL also keeps checkpoints running.
    /// </summary>
    public override async Task SettleAsync()
    {
        await using var connection = new NpgsqlConnection(UnpooledConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        foreach (var sql in (string[])["VACUUM ANALYZE", "CHECKPOINT"])
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <param name="connectionString">Names the database to use.</param>
    /// <param name="sharedDatabase">A database another process created and will drop, or null for a fresh one.</param>
    /// <param name="functionStats">
    /// Track the time spent in the store's plpgsql functions (fetch_jobs, complete_jobs, the triggers...) and print it
    /// at the end: where the database's share of a run goes (--store-stats).
    /// </param>
    public static async Task<PostgreSqlBenchStorage> OpenAsync(string connectionString, string? sharedDatabase, bool functionStats)
    {
        if (sharedDatabase is not null)
            return new PostgreSqlBenchStorage(new NpgsqlConnectionStringBuilder(connectionString) { Database = sharedDatabase }.ConnectionString, ownsDatabase: false, functionStats: false);
        await RunOnServerAsync(connectionString, database =>
        [
            $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", $"CREATE DATABASE \"{database}\"",
            .. functionStats ? [$"ALTER DATABASE \"{database}\" SET track_functions = 'pl'"] : Array.Empty<string>(),
        ]).ConfigureAwait(false);
        return new PostgreSqlBenchStorage(connectionString, ownsDatabase: true, functionStats);
    }

    public override async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync().ConfigureAwait(false);
        NpgsqlConnection.ClearAllPools();
        if (_functionStats) await PrintFunctionStatsAsync().ConfigureAwait(false);
        if (_ownsDatabase) await RunOnServerAsync(_connectionString, database => [$"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"]).ConfigureAwait(false);
    }

    private async Task PrintFunctionStatsAsync()
    {
        // Backends report their counters when they exit; the pool was just closed, so give them a moment.
        await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(UnpooledConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT funcname, calls, total_time, self_time FROM pg_stat_user_functions ORDER BY total_time DESC", connection);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        Console.Error.WriteLine($"{"PostgreSQL function",-28} {"calls",8} {"total ms",10} {"self ms",10} {"ms/call",9}");
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var calls = reader.GetInt64(1);
            Console.Error.WriteLine(FormattableString.Invariant($"{reader.GetString(0),-28} {calls,8} {reader.GetDouble(2),10:0} {reader.GetDouble(3),10:0} {reader.GetDouble(2) / Math.Max(1, calls),9:0.000}"));
        }
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
