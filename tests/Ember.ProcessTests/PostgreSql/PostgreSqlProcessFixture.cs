using System.Diagnostics;
using Ember.PostgreSql;
using Ember.Storage;
using Npgsql;

namespace Ember.ProcessTests.PostgreSql;

/// <summary>
/// A fresh schema on the test PostgreSQL (EMBER_TEST_PG, started by ./test.sh) and a ledger folder per test, a client
/// on it, and helpers to start servers, restart PostgreSQL and read the outcome.
/// </summary>
public sealed class PostgreSqlProcessFixture : IAsyncDisposable
{
    public PostgreSqlProcessFixture()
    {
        Directory.CreateDirectory(Ledger);
        Store = new PostgreSqlJobStore(ConnectionString, new PostgreSqlStoreOptions { SchemaName = Schema });
        Client = new BackgroundJobClient(Store);
    }

    public static string ConnectionString => Environment.GetEnvironmentVariable("EMBER_TEST_PG") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("EMBER_TEST_PG is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL and exports it.");

    public string Schema { get; } = "ember_p_" + Guid.NewGuid().ToString("N")[..16];
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "ember-pg-process-" + Guid.NewGuid().ToString("N"));
    public string Ledger => Path.Combine(Folder, "ledger");
    public PostgreSqlJobStore Store { get; }
    public BackgroundJobClient Client { get; }

    public Task<ServerProcess> StartServerAsync(params string[] arguments) =>
        ServerProcess.StartAsync(ConnectionString, ["--store", "postgres", "--schema", Schema, .. arguments]);

    /// <summary>Runs scripts/pg-restart.sh: PostgreSQL stops (fast shutdown), stays down, and comes back.</summary>
    public static async Task RestartPostgresAsync(int secondsDown)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "pg-restart.sh");
        using var restart = Process.Start(new ProcessStartInfo("bash", [script, secondsDown.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run scripts/pg-restart.sh.");
        await restart.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (restart.ExitCode != 0) throw new InvalidOperationException($"scripts/pg-restart.sh exited with {restart.ExitCode}; are EMBER_TEST_PG_BIN and EMBER_TEST_PG_DATA set (./test.sh)?");
    }

    /// <summary>Polls the counts until <paramref name="expected"/> jobs Succeeded; reads through database outages.</summary>
    public async Task<IReadOnlyDictionary<JobState, long>> WaitUntilAllSucceededAsync(int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyDictionary<JobState, long> counts = new Dictionary<JobState, long>();
        do
        {
            try
            {
                counts = await Store.Queries.GetStateCountsAsync();
                if (counts[JobState.Succeeded] == expected) return counts;
            }
            catch (NpgsqlException)
            {
                // PostgreSQL restarting: try again.
            }
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Not all {expected} jobs Succeeded within {timeout}: {string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"))}");
    }

    public async Task WaitForSucceededAsync(long atLeast)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await Store.Queries.GetStateCountsAsync())[JobState.Succeeded] < atLeast)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Fewer than {atLeast} jobs Succeeded after 30 s.");
            await Task.Delay(20);
        }
    }

    /// <summary>How many times each key's run finished, read from the ledger folder in one pass.</summary>
    public IReadOnlyDictionary<string, int> DoneCounts() =>
        Directory.EnumerateFiles(Ledger).Select(Path.GetFileName).Select(name => name!.Split('.'))
            .Where(parts => parts.Length >= 2 && parts[1] == "done")
            .GroupBy(parts => parts[0]).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> ServersThatProcessedAsync(string jobId) =>
        (await Store.Queries.GetJobAsync(jobId))!.History.Where(h => h.State == JobState.Processing).Select(h => h.ServerId!).ToArray();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
        finally
        {
            await Store.DisposeAsync();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A killed child may still be writing; the temp folder is cleaned by the OS eventually.
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ember.sln"))) return dir.FullName;
        throw new InvalidOperationException("Ember.sln not found above " + AppContext.BaseDirectory);
    }
}
