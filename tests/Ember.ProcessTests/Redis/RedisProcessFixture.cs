using System.Diagnostics;
using Ember.Redis;
using Ember.Storage;
using StackExchange.Redis;

namespace Ember.ProcessTests.Redis;

/// <summary>
/// A fresh key prefix on the test Redis (EMBER_TEST_REDIS, started by ./test.sh) and a ledger folder per test, a
/// client on it, and helpers to start servers, restart Redis and read the outcome.
/// </summary>
public sealed class RedisProcessFixture : IAsyncDisposable
{
    public RedisProcessFixture()
    {
        Directory.CreateDirectory(Ledger);
        Store = new RedisJobStore(new RedisStoreOptions { Configuration = Configuration, KeyPrefix = Prefix });
        Client = new BackgroundJobClient(Store);
    }

    public static string Configuration => Environment.GetEnvironmentVariable("EMBER_TEST_REDIS") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("EMBER_TEST_REDIS is not set. Run the tests with ./test.sh, which starts a throwaway redis-server and exports it.");

    public string Prefix { get; } = $"proc-{Guid.NewGuid():N}:";
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "ember-redis-process-" + Guid.NewGuid().ToString("N"));
    public string Ledger => Path.Combine(Folder, "ledger");
    public RedisJobStore Store { get; }
    public BackgroundJobClient Client { get; }

    public Task<ServerProcess> StartServerAsync(params string[] arguments) =>
        ServerProcess.StartAsync(Configuration, ["--store", "redis", "--prefix", Prefix, .. arguments]);

    /// <summary>Runs scripts/redis-restart.sh: Redis shuts down (flushing its AOF), stays down, and comes back.</summary>
    public static async Task RestartRedisAsync(int secondsDown)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "redis-restart.sh");
        using var restart = Process.Start(new ProcessStartInfo("bash", [script, secondsDown.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run scripts/redis-restart.sh.");
        await restart.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (restart.ExitCode != 0) throw new InvalidOperationException($"scripts/redis-restart.sh exited with {restart.ExitCode}; is EMBER_TEST_REDIS_DIR set (./test.sh)?");
    }

    /// <summary>Polls the counts until <paramref name="expected"/> jobs Succeeded; reads through Redis outages.</summary>
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
            catch (RedisException)
            {
                // Redis restarting: try again.
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
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(Configuration);
            await using (multiplexer)
            {
                var server = multiplexer.GetServer(multiplexer.GetEndPoints()[0]);
                var keys = server.Keys(pattern: Prefix + "*", pageSize: 1000).ToArray();
                if (keys.Length > 0) await multiplexer.GetDatabase().KeyDeleteAsync(keys);
            }
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
