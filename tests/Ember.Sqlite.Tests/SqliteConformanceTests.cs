using Ember.Storage;
using Ember.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Sqlite.Tests;

/// <summary>The store conformance suite against a SQLite store on a fresh file per test.</summary>
public sealed class SqliteConformanceTests : JobStoreConformanceTests
{
    private readonly TempDatabase _database = new();

    protected override Task<IJobStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IJobStore>(_database.CreateStore(time));

    protected override async Task DisposeStoreAsync(IJobStore store)
    {
        await base.DisposeStoreAsync(store);
        _database.Dispose();
    }
}
