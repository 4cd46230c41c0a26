using Ember.PostgreSql;
using Ember.Storage;
using Npgsql;

namespace Ember.ProcessTests.PostgreSql;

/// <summary>A fresh schema on the test PostgreSQL (EMBER_TEST_PG, started by ./test.sh).</summary>
public sealed class PostgreSqlProcessFixture : StoreProcessFixture
{
    private readonly PostgreSqlJobStore _store;

    public PostgreSqlProcessFixture() => _store = new PostgreSqlJobStore(ConnectionString, new PostgreSqlStoreOptions { SchemaName = Schema });

    public static string ConnectionString => FromTestScript("EMBER_TEST_PG", "PostgreSQL");

    public string Schema { get; } = "ember_p_" + Guid.NewGuid().ToString("N")[..16];

    public override IJobStore Store => _store;

    protected override string Target => ConnectionString;

    protected override string[] StoreArguments => ["--store", "postgres", "--schema", Schema];

    protected override string RestartScript => "pg-restart.sh";

    protected override async Task DropStoreAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
        await drop.ExecuteNonQueryAsync();
    }
}
