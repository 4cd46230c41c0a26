using Npgsql;
using Xunit;

namespace Ember.PostgreSql.Tests;

public sealed class PostgreSqlMissingDatabaseTests : IAsyncLifetime
{
    private readonly string _database = "ember_db_" + Guid.NewGuid().ToString("N")[..12];

    private string ConnectionString => new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Database = _database }.ConnectionString;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var command = TestDatabase.DataSource.CreateCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_missing_database_is_created_when_the_user_may()
    {
        await using (var store = new PostgreSqlJobStore(ConnectionString))
            await store.InitializeAsync();

        Assert.Equal(1L, await TestDatabase.ScalarAsync("SELECT count(*) FROM pg_database WHERE datname = $1", _database));
    }

    [Fact]
    public async Task A_missing_database_behind_a_given_data_source_is_explained_with_the_sql()
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var store = new PostgreSqlJobStore(dataSource);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Assert.Contains($"The PostgreSQL database \"{_database}\" does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains($"CREATE DATABASE \"{_database}\"", error.Message, StringComparison.Ordinal);
    }
}
