using Npgsql;

namespace Ember.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL server that ./test.sh starts (EMBER_TEST_PG), and throwaway schemas in it. Tests fail, never skip,
/// when it is missing.
/// </summary>
internal static class TestDatabase
{
    private static readonly Lazy<NpgsqlDataSource> Admin = new(() => NpgsqlDataSource.Create(ConnectionString));

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("EMBER_TEST_PG") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "EMBER_TEST_PG is not set: these tests need a real PostgreSQL. Run ./test.sh (it starts a throwaway cluster and sets it), " +
                "or set EMBER_TEST_PG to an Npgsql connection string of a server you may create schemas in.");

    /// <summary>A fresh, unused schema name.</summary>
    public static string NewSchemaName() => "ember_t_" + Guid.NewGuid().ToString("N")[..16];

    public static async Task DropSchemaAsync(string schema)
    {
        await using var command = Admin.Value.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = Admin.Value.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return await command.ExecuteScalarAsync();
    }

    public static NpgsqlDataSource DataSource => Admin.Value;
}
