using Ember.Storage;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

/// <summary>
/// Applies the numbered migration files embedded under Migrations/ (0001_initial.sql, ...) in order. Each file
/// records its own version in schema_version, so the concatenated script a DBA runs by hand leaves the same trace.
/// </summary>
internal static class SqliteMigrator
{
    private const string ResourcePrefix = "Ember.Sqlite.Migrations.";

    private const string VersionTableExists = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
    private const string CurrentVersion = "SELECT coalesce(max(version), 0) FROM schema_version";

    /// <summary>The migrations this build knows, oldest first.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } = SchemaMigrations.Load(typeof(SqliteMigrator).Assembly, ResourcePrefix);

    /// <summary>The schema version this build expects.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Every migration, in order, as one script.</summary>
    public static string Script()
    {
        var script = new StringBuilder();
        foreach (var migration in Migrations)
            script.Append("-- ").Append(migration.Name).Append('\n').Append(migration.Sql.TrimEnd()).Append("\n\n");
        return script.ToString();
    }

    /// <summary>
    /// Brings the schema to <see cref="LatestVersion"/>, or only checks it when <paramref name="prepareSchema"/> is
    /// false. One IMMEDIATE transaction: two processes starting at once migrate one after the other, and the second
    /// finds nothing left to do.
    /// </summary>
    public static void Migrate(SqliteConnection connection, string database, bool prepareSchema)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = ReadVersion(connection, transaction);
        if (current > LatestVersion)
            throw new InvalidOperationException(
                $"The SQLite database '{database}' has Ember schema version {current}, but this build of Ember.Sqlite knows schema versions up to {LatestVersion}. " +
                "A newer Ember has migrated this file: upgrade the Ember.Sqlite package of this application, or point SqliteStoreOptions.ConnectionString at another file.");
        if (current == LatestVersion) return;
        if (!prepareSchema)
            throw new InvalidOperationException(
                $"The SQLite database '{database}' has Ember schema version {current}, but this build of Ember.Sqlite needs version {LatestVersion}, " +
                "and SqliteStoreOptions.PrepareSchemaIfNecessary is false. Set it to true to let Ember migrate the file, " +
                "or apply the missing migrations from SqliteJobStore.GetSchemaScript().");

        foreach (var migration in Migrations.Where(m => m.Version > current))
        {
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
#pragma warning disable CA2100 // The text is an embedded migration resource of this assembly, not input.
                command.CommandText = migration.Sql;
#pragma warning restore CA2100
                command.ExecuteNonQuery();
            }
            if (ReadVersion(connection, transaction) != migration.Version)
                throw new InvalidOperationException($"The Ember migration {migration.Name} did not record schema version {migration.Version}; the build is broken.");
        }
        transaction.Commit();
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = VersionTableExists;
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) return 0;
        command.CommandText = CurrentVersion;
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
