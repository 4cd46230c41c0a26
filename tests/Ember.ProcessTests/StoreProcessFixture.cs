using System.Diagnostics;
using Ember.Storage;

namespace Ember.ProcessTests;

/// <summary>
/// A store on a server started by ./test.sh, private to one test (its own schema or key prefix), a ledger folder, a
/// client, and helpers to start server processes, restart the store's server and read the outcome. Each store
/// subclasses it with how to build, address, restart and clean up its store.
/// </summary>
public abstract class StoreProcessFixture : IAsyncDisposable
{
    protected StoreProcessFixture() => Directory.CreateDirectory(Ledger);

    public abstract IJobStore Store { get; }
    public BackgroundJobClient Client => _client ??= new BackgroundJobClient(Store);
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "ember-process-" + Guid.NewGuid().ToString("N"));
    public string Ledger => Path.Combine(Folder, "ledger");

    /// <summary>The test server's --db value: connection string or configuration.</summary>
    protected abstract string Target { get; }

    /// <summary>The test server's --store option and the options that make it use this fixture's private store.</summary>
    protected abstract string[] StoreArguments { get; }

    /// <summary>The scripts/ file that restarts the store's server: it takes the seconds to stay down.</summary>
    protected abstract string RestartScript { get; }

    private BackgroundJobClient? _client;

    /// <summary>Reads an environment variable exported by ./test.sh, or fails the test saying so.</summary>
    protected static string FromTestScript(string variable, string server) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set. Run the tests with ./test.sh, which starts a throwaway {server} and exports it.");

    public Task<ServerProcess> StartServerAsync(params string[] arguments) => ServerProcess.StartAsync(Target, [.. StoreArguments, .. arguments]);

    /// <summary>
    /// Stops the store's server, keeps it down for <paramref name="secondsDown"/>, and starts it again. With
    /// <paramref name="crash"/>, the server is killed instead (PostgreSQL's immediate stop, SIGKILL for Redis), so it
    /// starts with crash recovery.
    /// </summary>
    public async Task RestartStoreServerAsync(int secondsDown, bool crash = false)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", RestartScript);
        string[] arguments = [script, secondsDown.ToString(System.Globalization.CultureInfo.InvariantCulture), .. crash ? ["crash"] : Array.Empty<string>()];
        using var restart = Process.Start(new ProcessStartInfo("bash", arguments) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not run scripts/{RestartScript}.");
        await restart.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (restart.ExitCode != 0) throw new InvalidOperationException($"scripts/{RestartScript} exited with {restart.ExitCode}; run the tests with ./test.sh, which exports what it needs.");
    }

    /// <summary>Polls the counts until <paramref name="expected"/> jobs Succeeded, reading through outages of the store's server.</summary>
    public async Task<IReadOnlyDictionary<JobState, long>> WaitUntilAllSucceededAsync(int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyDictionary<JobState, long> counts = new Dictionary<JobState, long>();
        Exception? lastError = null;
        do
        {
            try
            {
                counts = await Store.Queries.GetStateCountsAsync();
                if (counts[JobState.Succeeded] == expected) return counts;
            }
            catch (Exception ex)
            {
                lastError = ex; // the server restarting: try again
            }
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Not all {expected} jobs Succeeded within {timeout}: {string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"))}", lastError);
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
            await DropStoreAsync();
        }
        finally
        {
            if (Store is IAsyncDisposable disposable) await disposable.DisposeAsync();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A killed child may still be writing; the temp folder is cleaned by the OS eventually.
            }
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Deletes this fixture's private schema or keys.</summary>
    protected abstract Task DropStoreAsync();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ember.sln"))) return dir.FullName;
        throw new InvalidOperationException("Ember.sln not found above " + AppContext.BaseDirectory);
    }
}
