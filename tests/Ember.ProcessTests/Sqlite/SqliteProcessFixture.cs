using Ember.Sqlite;
using Ember.Storage;

namespace Ember.ProcessTests.Sqlite;

/// <summary>A fresh SQLite file and ledger folder per test, a client on it, and helpers to read the outcome.</summary>
public sealed class SqliteProcessFixture : IDisposable
{
    public SqliteProcessFixture()
    {
        Directory.CreateDirectory(Folder);
        Directory.CreateDirectory(Ledger);
        Store = new SqliteJobStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Database}" });
        Client = new BackgroundJobClient(Store);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "ember-process-" + Guid.NewGuid().ToString("N"));
    public string Database => Path.Combine(Folder, "ember.db");
    public string Ledger => Path.Combine(Folder, "ledger");
    public SqliteJobStore Store { get; }
    public BackgroundJobClient Client { get; }

    public async Task<IReadOnlyDictionary<JobState, long>> WaitUntilAllSucceededAsync(int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyDictionary<JobState, long> counts;
        do
        {
            counts = await Store.Queries.GetStateCountsAsync();
            if (counts[JobState.Succeeded] == expected) return counts;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Not all {expected} jobs Succeeded within {timeout}: {string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"))}");
    }

    /// <summary>Waits until no job is Enqueued or Processing, and returns the counts.</summary>
    public async Task<IReadOnlyDictionary<JobState, long>> WaitUntilSettledAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var counts = await Store.Queries.GetStateCountsAsync();
            if (counts[JobState.Enqueued] + counts[JobState.Processing] == 0) return counts;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Jobs still Enqueued or Processing after 30 s.");
            await Task.Delay(50);
        }
    }

    public async Task<IReadOnlyList<string>> ServersThatProcessedAsync(string jobId) =>
        (await Store.Queries.GetJobAsync(jobId))!.History.Where(h => h.State == JobState.Processing).Select(h => h.ServerId!).ToArray();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A killed child may still hold the file for a moment; the temp folder is cleaned by the OS eventually.
        }
    }
}
