using Ember.Storage;
using System.Text.RegularExpressions;

namespace Ember.PostgreSql;

/// <summary>Configures <see cref="PostgreSqlJobStore"/>. Checked by <see cref="Validate"/> when the store is built.</summary>
public sealed partial class PostgreSqlStoreOptions
{
    /// <summary>
    /// The Npgsql connection string, e.g. <c>"Host=db;Username=app;Password=...;Database=app"</c>, for a store that
    /// builds its own data source (<c>UsePostgreSql()</c> reading it from configuration). Ignored when the store is
    /// given a data source. Default empty.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The name of a connection string in the application's configuration (<c>ConnectionStrings:NAME</c>, the .NET Aspire
    /// convention), used when <see cref="ConnectionString"/> is not set. Default null.
    /// </summary>
    public string? ConnectionStringName { get; set; }

    /// <summary>
    /// The schema that holds Ember's tables and functions. Default <c>"ember"</c>. Letters, digits and underscores only,
    /// not starting with a digit, at most 63 characters (PostgreSQL's identifier limit); it is used as given (case kept,
    /// quoted). Applications with different schema names share a database without seeing each other's jobs.
    /// </summary>
    public string SchemaName { get; set; } = "ember";

    /// <summary>
    /// Whether <see cref="PostgreSqlJobStore.InitializeAsync"/> creates the schema and applies newer migrations. Default
    /// <see langword="true"/>. When <see langword="false"/>, the store only checks that the schema is there and up to
    /// date; a DBA applies <see cref="PostgreSqlJobStore.GetSchemaScript"/> beforehand.
    /// </summary>
    public bool PrepareSchemaIfNecessary { get; set; } = true;

    /// <summary>
    /// How long opening a connection may take before it fails, for stores built from a connection string (a data
    /// source passed in keeps its own settings). Default 5 seconds: a wrong host fails at start, not after a long hang.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether servers are woken by LISTEN/NOTIFY when jobs become Enqueued (one dedicated connection per store while
    /// someone subscribes). Default <see langword="true"/>. When <see langword="false"/>, servers find work by polling.
    /// </summary>
    public bool UseNotifications { get; set; } = true;

    /// <summary>
    /// The longest wait between attempts to re-establish the LISTEN connection after it broke (the first retry is after
    /// 100 ms, doubling). Default 5 seconds. Servers keep polling meanwhile, so no work is lost.
    /// </summary>
    public TimeSpan ListenReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many jobs of the listed state (the newest that pass the other filters) a dashboard search examines at most.
    /// Default 50,000 (tens of milliseconds). A search compares the text with each job's invocation, which no index
    /// serves: the cap keeps one search from reading a million rows. A job id is found whatever its age.
    /// </summary>
    public int MaxJobsSearched { get; set; } = 50_000;

    /// <summary>
    /// The largest job invocation (method and arguments, as stored) this store accepts, in bytes of UTF-8; a larger one
    /// is refused at enqueue with an error naming this option. Default 4 MiB.
    /// </summary>
    public int MaxInvocationBytes { get; set; } = NewJobRules.DefaultMaxInvocationBytes;

    /// <summary>Throws when an option is invalid, naming the option and how to fix it.</summary>
    /// <param name="requireConnectionString">Whether <see cref="ConnectionString"/> must be set (the store builds its own data source).</param>
    /// <exception cref="InvalidOperationException">An option is invalid.</exception>
    public void Validate(bool requireConnectionString = false)
    {
        if (requireConnectionString && string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidOperationException(ConnectionStringName is null
                ? $"{nameof(PostgreSqlStoreOptions)}.{nameof(ConnectionString)} is not set. Set it (e.g. \"Ember\": {{ \"PostgreSql\": {{ \"ConnectionString\": \"Host=localhost;Username=app;Password=...;Database=app\" }} }}), or name a connection string with {nameof(ConnectionStringName)}."
                : $"{nameof(PostgreSqlStoreOptions)}.{nameof(ConnectionStringName)} is \"{ConnectionStringName}\", but the configuration has no connection string ConnectionStrings:{ConnectionStringName}. " +
                  $"Add one (e.g. in appsettings.json: \"ConnectionStrings\": {{ \"{ConnectionStringName}\": \"Host=localhost;Username=app;Password=...;Database=app\" }}) or set {nameof(ConnectionString)}.");
        if (MaxInvocationBytes < 1024)
            throw new InvalidOperationException($"{nameof(PostgreSqlStoreOptions)}.{nameof(MaxInvocationBytes)} must be at least 1024 bytes (was {MaxInvocationBytes}).");
        if (string.IsNullOrEmpty(SchemaName) || SchemaName.Length > 63 || !SchemaNamePattern().IsMatch(SchemaName))
            throw new InvalidOperationException(
                $"{nameof(PostgreSqlStoreOptions)}.{nameof(SchemaName)} is \"{SchemaName}\"; it must be 1 to 63 letters, digits or underscores, " +
                "not starting with a digit (for example \"ember\" or \"ember_billing\"). Other characters are refused so the name can never inject SQL.");
        if (ConnectTimeout < TimeSpan.FromSeconds(1) || ConnectTimeout > TimeSpan.FromMinutes(10))
            throw new InvalidOperationException(
                $"{nameof(PostgreSqlStoreOptions)}.{nameof(ConnectTimeout)} is {ConnectTimeout}; it must be between 1 second and 10 minutes (whole seconds). The default is 5 seconds.");
        if (ListenReconnectMaxDelay < TimeSpan.FromMilliseconds(100) || ListenReconnectMaxDelay > TimeSpan.FromMinutes(10))
            throw new InvalidOperationException(
                $"{nameof(PostgreSqlStoreOptions)}.{nameof(ListenReconnectMaxDelay)} is {ListenReconnectMaxDelay}; it must be between 100 ms and 10 minutes. The default is 5 seconds.");
        if (MaxJobsSearched < 1)
            throw new InvalidOperationException(
                $"{nameof(PostgreSqlStoreOptions)}.{nameof(MaxJobsSearched)} is {MaxJobsSearched}; it must be at least 1. The default is 50,000.");
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaNamePattern();
}
