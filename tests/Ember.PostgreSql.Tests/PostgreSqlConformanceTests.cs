using Ember.Storage;
using Ember.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Ember.PostgreSql.Tests;

/// <summary>The store conformance suite against a PostgreSQL store in a fresh schema per test, dropped after it.</summary>
public sealed class PostgreSqlConformanceTests : JobStoreConformanceTests
{
    private readonly string _schema = TestDatabase.NewSchemaName();

    protected override Task<IJobStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IJobStore>(new PostgreSqlJobStore(TestDatabase.ConnectionString, new PostgreSqlStoreOptions { SchemaName = _schema }, time));

    protected override async Task DisposeStoreAsync(IJobStore store)
    {
        await base.DisposeStoreAsync(store);
        await TestDatabase.DropSchemaAsync(_schema);
    }
}
