using Ember.ProcessTests;
using Ember.Sqlite;
using Ember.Storage;

namespace Ember.Chaos;

/// <summary>A fresh SQLite file in the fixture's folder, shared by every server process of a scenario.</summary>
public sealed class SqliteChaosFixture : StoreProcessFixture
{
    private readonly SqliteJobStore _store;

    public SqliteChaosFixture() => _store = new SqliteJobStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Database}" });

    public string Database => Path.Combine(Folder, "ember.db");

    public override IJobStore Store => _store;

    protected override string Target => Database;

    protected override string[] StoreArguments => ["--store", "sqlite"];

    // SQLite has no server to restart; its fault is a lock held by another process (SqliteLockScenario).
    protected override string RestartScript => throw new NotSupportedException("SQLite has no server to restart.");

    protected override Task DropStoreAsync()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}
