using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ember.Sqlite.Tests;

// InitializeAsync: the schema is created or migrated once, and every way the file can be wrong says which file.
public sealed class SqliteInitializationTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static SqliteJobStore Store(string dataSource, bool prepareSchema = true) =>
        new(new SqliteStoreOptions { ConnectionString = $"Data Source={dataSource}", PrepareSchemaIfNecessary = prepareSchema }, new FakeTimeProvider());

    [Fact]
    public async Task Creates_the_schema_at_the_latest_version()
    {
        using var store = _database.CreateStore();

        await store.InitializeAsync();
        await store.InitializeAsync();

        Assert.Equal((long)SqliteMigrator.LatestVersion, _database.Scalar("SELECT max(version) FROM schema_version"));
        Assert.Equal(1L, _database.Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'jobs'"));
    }

    [Fact]
    public async Task Stores_starting_together_on_a_new_file_migrate_it_once()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => _database.CreateStore()).ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
        }
        finally
        {
            foreach (var store in stores) store.Dispose();
        }

        Assert.Equal((long)SqliteMigrator.Migrations.Count, _database.Scalar("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_missing_directory_is_named_with_how_to_fix_it()
    {
        var path = Path.Combine(_database.Directory, "missing", "ember.db");
        using var store = Store(path);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("Create the directory", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public async Task A_relative_path_is_named_in_full()
    {
        using var store = Store(Path.Combine("no-such-ember-dir", "ember.db"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Assert.Contains(Path.GetFullPath(Path.Combine("no-such-ember-dir", "ember.db")), error.Message, StringComparison.Ordinal);
        Assert.True(Path.IsPathFullyQualified(store.DatabasePath));
    }

    [Fact]
    public async Task A_read_only_file_is_named()
    {
        if (OperatingSystem.IsWindows()) return;
        using (var store0 = _database.CreateStore()) await store0.InitializeAsync();
        File.SetUnixFileMode(_database.Path, UnixFileMode.UserRead);
        // Root ignores file modes; an immutable file stops it too, where the file system supports the attribute.
        var immutable = CanWrite(_database.Path) && Chattr("+i");
        if (CanWrite(_database.Path)) return; // Nothing makes the file read-only for this user here.
        try
        {
            using var store = _database.CreateStore();

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

            Assert.Contains(_database.Path, error.Message, StringComparison.Ordinal);
            Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (immutable) Chattr("-i");
        }
    }

    private bool Chattr(string change)
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chattr", [change, _database.Path])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // No chattr on this system.
        }
    }

    [Fact]
    public async Task A_path_that_is_a_directory_is_named()
    {
        Directory.CreateDirectory(_database.Path);
        using var store = _database.CreateStore();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Assert.Contains(_database.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_named()
    {
        await File.WriteAllTextAsync(_database.Path, new string('x', 4096));
        using var store = _database.CreateStore();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Assert.Contains(_database.Path, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task A_failed_initialization_is_retried_on_next_use()
    {
        var directory = Path.Combine(_database.Directory, "later");
        using var store = Store(Path.Combine(directory, "ember.db"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Directory.CreateDirectory(directory);

        await store.InitializeAsync();
        Assert.Empty(await store.Queries.GetServersAsync());
    }

    [Fact]
    public async Task A_schema_newer_than_this_build_is_refused_naming_both_versions()
    {
        using (var store = _database.CreateStore()) await store.InitializeAsync();
        var newer = SqliteMigrator.LatestVersion + 41;
        _database.Scalar($"INSERT INTO schema_version (version) VALUES ({newer})");
        using var older = _database.CreateStore();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => older.InitializeAsync());

        Assert.Contains($"schema version {newer}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {SqliteMigrator.LatestVersion}", error.Message, StringComparison.Ordinal);
        Assert.Contains(_database.Path, error.Message, StringComparison.Ordinal);
        // Refused on first use too, and nothing was written.
        await Assert.ThrowsAsync<InvalidOperationException>(() => older.Queries.GetStateCountsAsync());
        Assert.Equal(0L, _database.Scalar("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public async Task Without_schema_preparation_a_missing_schema_says_where_to_get_it()
    {
        using var store = _database.CreateStore(prepareSchema: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Assert.Contains(nameof(SqliteStoreOptions.PrepareSchemaIfNecessary), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SqliteJobStore.GetSchemaScript), error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, _database.Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'jobs'"));
    }

    [Fact]
    public async Task The_schema_script_applied_by_hand_satisfies_a_store_that_does_not_prepare_it()
    {
        _database.Scalar(SqliteJobStore.GetSchemaScript());
        using var store = _database.CreateStore(prepareSchema: false);

        await store.InitializeAsync();

        Assert.Equal(0L, (await store.Queries.GetStateCountsAsync())[JobState.Enqueued]);
    }

    [Fact]
    public void The_schema_script_holds_every_migration_in_order()
    {
        var script = SqliteJobStore.GetSchemaScript();

        var positions = SqliteMigrator.Migrations.Select(m => script.IndexOf("-- " + m.Name, StringComparison.Ordinal)).ToArray();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("CREATE TABLE jobs", script, StringComparison.Ordinal);
    }

    private static bool CanWrite(string path)
    {
        try
        {
            using var stream = File.OpenWrite(path);
            return true;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }
}
