using Ember.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ember.Sqlite.Tests;

// A file deleted or replaced under a running store: SQLite would go on writing to the file it holds, which no name leads
// to any more, and everything written since would be gone at the next restart. The store notices and stops.
public sealed class SqliteFileIdentityTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    private static CreateJobsRequest OneJob() => new([new NewJob { Queue = "default", State = JobState.Enqueued, Invocation = "{}" }]);

    [Fact]
    public async Task Deleting_the_file_under_a_running_store_stops_it_with_an_error_naming_the_file()
    {
        using var store = _database.CreateStore(_time);
        await store.CreateJobsAsync(OneJob());

        File.Delete(_database.Path);
        var error = await WritesUntilRefusedAsync(store);

        Assert.Contains($"The SQLite database file '{_database.Path}' was deleted or moved away while Ember had it open", error.Message, StringComparison.Ordinal);
        Assert.Contains("Put the database file back (or restore a backup), then restart the process.", error.Message, StringComparison.Ordinal);
        // It stays stopped, reads included, and reading doesn't create an empty file where the database was.
        Assert.Equal(error.Message, (await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateJobsAsync(OneJob()))).Message);
        Assert.Equal(error.Message, (await Assert.ThrowsAsync<InvalidOperationException>(() => store.Queries.GetStatisticsAsync())).Message);
        Assert.False(File.Exists(_database.Path));
    }

    [Fact]
    public async Task Replacing_the_file_under_a_running_store_stops_it()
    {
        using var store = _database.CreateStore(_time);
        await store.CreateJobsAsync(OneJob());
        using (var other = new TempDatabase())
        {
            using (var otherStore = other.CreateStore(_time)) await otherStore.InitializeAsync();
            File.Move(_database.Path, _database.Path + ".old");
            File.Copy(other.Path, _database.Path);
        }

        var error = await WritesUntilRefusedAsync(store);

        Assert.Contains($"'{_database.Path}' was replaced by another file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emptying_the_file_under_a_running_store_stops_it()
    {
        using var store = _database.CreateStore(_time);
        await store.CreateJobsAsync(OneJob()); // the first write checks, and sees the file as it was

        await File.WriteAllBytesAsync(_database.Path, []); // the same file, truncated
        var error = await WritesUntilRefusedAsync(store);

        Assert.Contains($"'{_database.Path}' was emptied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_whose_file_stays_put_goes_on()
    {
        using var store = _database.CreateStore(_time);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3); // three times the guard's interval
        var writes = 0;
        while (DateTime.UtcNow < deadline)
        {
            await store.CreateJobsAsync(OneJob());
            writes++;
            await Task.Delay(20);
        }

        Assert.Equal(writes, (await store.Queries.GetStatisticsAsync()).Counts[JobState.Enqueued]);
    }

    // Writes go on for up to DatabaseFileGuard.Interval before the check notices; then every one is refused.
    private static async Task<InvalidOperationException> WritesUntilRefusedAsync(SqliteJobStore store)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                await store.CreateJobsAsync(OneJob());
            }
            catch (InvalidOperationException ex)
            {
                return ex;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The store went on writing to a file no name leads to.");
            await Task.Delay(20);
        }
    }
}
