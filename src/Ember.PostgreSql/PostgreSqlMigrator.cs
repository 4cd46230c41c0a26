using Ember.Storage;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Ember.PostgreSql;

/// <summary>
/// Applies the numbered migration files embedded under Migrations/ (0001_initial.sql, ...) in order, inside the
/// configured schema, then the functions of Functions/. Each migration records its own version in schema_version, so
/// the script a DBA runs by hand leaves the same trace.
/// </summary>
internal static class PostgreSqlMigrator
{
    private const string ResourcePrefix = "Ember.PostgreSql.Migrations.";
    private const string FunctionPrefix = "Ember.PostgreSql.Functions.";

    /// <summary>The migrations this build knows, oldest first, with <c>{schema}</c> placeholders.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } = SchemaMigrations.Load(typeof(PostgreSqlMigrator).Assembly, ResourcePrefix);

    /// <summary>
    /// The schema's functions as this build defines them (Functions/*.sql, one <c>CREATE OR REPLACE</c> each, by file
    /// name), re-applied after every migration: today's functions read from one place, whatever the migrations did.
    /// A function changed without a new migration would reach no existing schema; a test holds <see cref="FunctionsHash"/>
    /// to the latest version to catch that.
    /// </summary>
    public static IReadOnlyList<(string Name, string Sql)> Functions { get; } = LoadFunctions();

    /// <summary>A hash of <see cref="Functions"/>, for the test that ties a function change to a migration.</summary>
    public static string FunctionsHash { get; } = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
        Encoding.UTF8.GetBytes(string.Join("\n", Functions.Select(f => f.Name + "\n" + f.Sql.ReplaceLineEndings("\n"))))));

    /// <summary>The schema version this build expects.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Every migration, in order, then every function, for one schema, as one script (with the CREATE SCHEMA first).</summary>
    public static string Script(SchemaName schema)
    {
        var script = new StringBuilder();
        script.Append("CREATE SCHEMA IF NOT EXISTS ").Append(schema.Quoted).Append(";\n\n");
        foreach (var migration in Migrations)
            script.Append("-- ").Append(migration.Name).Append('\n').Append(schema.Apply(migration.Sql).TrimEnd()).Append("\n\n");
        foreach (var (name, sql) in Functions)
            script.Append("-- Functions/").Append(name).Append('\n').Append(schema.Apply(sql).TrimEnd()).Append("\n\n");
        return script.ToString();
    }

    private static (string, string)[] LoadFunctions()
    {
        var assembly = typeof(PostgreSqlMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(FunctionPrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return (name[FunctionPrefix.Length..], reader.ReadToEnd());
            })
            .ToArray();
    }

    /// <summary>
    /// Brings the schema to <see cref="LatestVersion"/>, or only checks it when <paramref name="prepareSchema"/> is
    /// false. One transaction under an advisory lock per schema: servers starting at once migrate one after the other,
    /// and the later ones find nothing left to do. DDL is transactional in PostgreSQL, so a failed migration leaves
    /// nothing half done.
    /// </summary>
    public static async Task MigrateAsync(NpgsqlConnection connection, SchemaName schema, string location, bool prepareSchema, CancellationToken cancellationToken)
    {
        // The common case first, without a lock: the schema is already current.
        if (await ReadVersionAsync(connection, null, schema, cancellationToken).ConfigureAwait(false) is var seen && seen == LatestVersion) return;
        Check(seen, schema, location, prepareSchema);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('ember.migrate.' || $1))", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema.Name });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var current = await ReadVersionAsync(connection, transaction, schema, cancellationToken).ConfigureAwait(false);
        if (current == LatestVersion) return;
        Check(current, schema, location, prepareSchema);

#pragma warning disable CA2100 // The schema name is validated (letters, digits, underscore) and quoted; the rest is embedded migration text.
        await using (var create = new NpgsqlCommand("CREATE SCHEMA IF NOT EXISTS " + schema.Quoted, connection, transaction))
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        // A migration may build an index over a large table: no command timeout. But it fails within a minute, naming
        // the lock, rather than wait without end behind a transaction that holds the jobs table.
        await using (var lockTimeout = new NpgsqlCommand("SET LOCAL lock_timeout = '1min'", connection, transaction))
            await lockTimeout.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        foreach (var migration in Migrations.Where(m => m.Version > current))
        {
            await using (var command = new NpgsqlCommand(schema.Apply(migration.Sql), connection, transaction) { CommandTimeout = 0 })
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (await ReadVersionAsync(connection, transaction, schema, cancellationToken).ConfigureAwait(false) != migration.Version)
                throw new InvalidOperationException($"The Ember migration {migration.Name} did not record schema version {migration.Version}; the build is broken.");
        }
        foreach (var (_, sql) in Functions)
        {
            await using var command = new NpgsqlCommand(schema.Apply(sql), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning restore CA2100
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Check(int current, SchemaName schema, string location, bool prepareSchema)
    {
        if (current > LatestVersion)
            throw new InvalidOperationException(
                $"The PostgreSQL schema \"{schema.Name}\" at {location} has Ember schema version {current}, but this build of Ember.PostgreSql knows schema versions up to {LatestVersion}. " +
                "A newer Ember has migrated it: upgrade the Ember.PostgreSql package of this application, or set PostgreSqlStoreOptions.SchemaName to another schema.");
        if (current < LatestVersion && !prepareSchema)
            throw new InvalidOperationException(
                $"The PostgreSQL schema \"{schema.Name}\" at {location} has Ember schema version {current}, but this build of Ember.PostgreSql needs version {LatestVersion}, " +
                "and PostgreSqlStoreOptions.PrepareSchemaIfNecessary is false. Set it to true to let Ember migrate the schema, " +
                "or apply the missing migrations from PostgreSqlJobStore.GetSchemaScript().");
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SchemaName schema, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction);
        exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema.Quoted + ".schema_version" });
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!) return 0;
#pragma warning disable CA2100 // The schema name is validated (letters, digits, underscore) and quoted.
        await using var version = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {schema.Quoted}.schema_version", connection, transaction);
#pragma warning restore CA2100
        return Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
