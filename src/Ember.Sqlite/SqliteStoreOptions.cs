using Ember.Storage;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

/// <summary>Configures <see cref="SqliteJobStore"/>. Checked by <see cref="Validate"/> when the store is built.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The longest busy timeout SQLite accepts (its busy timeout is an int of milliseconds).</summary>
    private static readonly TimeSpan MaxCommandTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>
    /// The Microsoft.Data.Sqlite connection string, for example <c>"Data Source=ember.db"</c>. Required: there is no
    /// default. The directory of the file must exist; the file is created when missing. Pooling and timeouts are set
    /// by the store, whatever the string says.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The name of a connection string in the application's configuration (<c>ConnectionStrings:NAME</c>, the .NET Aspire
    /// convention), used when <see cref="ConnectionString"/> is not set. Default null.
    /// </summary>
    public string? ConnectionStringName { get; set; }

    /// <summary>
    /// Whether <see cref="SqliteJobStore.InitializeAsync"/> creates the schema and applies newer migrations. Default
    /// <see langword="true"/>. When <see langword="false"/>, the store only checks that the schema is there and up to
    /// date; a DBA applies <see cref="SqliteJobStore.GetSchemaScript"/> beforehand.
    /// </summary>
    public bool PrepareSchemaIfNecessary { get; set; } = true;

    /// <summary>
    /// How long a statement waits for another connection's write lock (SQLite's busy timeout) before failing.
    /// Default 30 seconds. Writers from several processes queue on this timeout.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a process whose servers wait for work checks whether another process committed to the file, so that
    /// a job enqueued by another process (a web app beside a worker service, say) starts within about this long
    /// instead of at the servers' next poll. One <c>PRAGMA data_version</c> per check, only while servers of this
    /// process are running. Default 10 ms; <see langword="null"/> turns the check off.
    /// </summary>
    public TimeSpan? CommitCheckInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The largest job invocation (method and arguments, as stored) this store accepts, in bytes of UTF-8; a larger one
    /// is refused at enqueue with an error naming this option. Default 4 MiB.
    /// </summary>
    public int MaxInvocationBytes { get; set; } = NewJobRules.DefaultMaxInvocationBytes;

    /// <summary>Throws when an option is missing or invalid, naming the option and how to fix it.</summary>
    /// <exception cref="InvalidOperationException">An option is missing or out of range.</exception>
    public void Validate()
    {
        if (MaxInvocationBytes < 1024)
            throw new InvalidOperationException($"{nameof(SqliteStoreOptions)}.{nameof(MaxInvocationBytes)} must be at least 1024 bytes (was {MaxInvocationBytes}).");
        if (string.IsNullOrWhiteSpace(ConnectionString) && ConnectionStringName is not null)
            throw new InvalidOperationException(
                $"{nameof(SqliteStoreOptions)}.{nameof(ConnectionStringName)} is \"{ConnectionStringName}\", but the configuration has no connection string ConnectionStrings:{ConnectionStringName}. " +
                $"Add one (e.g. in appsettings.json: \"ConnectionStrings\": {{ \"{ConnectionStringName}\": \"Data Source=ember.db\" }}) or set {nameof(ConnectionString)}.");
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidOperationException(
                $"{nameof(SqliteStoreOptions)}.{nameof(ConnectionString)} is not set. Set it to a SQLite connection string such as \"Data Source=ember.db\".");

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(
                $"{nameof(SqliteStoreOptions)}.{nameof(ConnectionString)} is not a valid SQLite connection string: {ex.Message} Use the form \"Data Source=ember.db\".", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
            throw new InvalidOperationException(
                $"{nameof(SqliteStoreOptions)}.{nameof(ConnectionString)} names no database file (Data Source is \"{builder.DataSource}\"). " +
                "Set Data Source to a file path such as \"ember.db\"; for a store that lives in memory use Ember.InMemory.InMemoryJobStore.");

        if (builder.Mode == SqliteOpenMode.ReadOnly)
            throw new InvalidOperationException(
                $"{nameof(SqliteStoreOptions)}.{nameof(ConnectionString)} opens the database read-only (Mode=ReadOnly), but a job store writes. Remove the Mode keyword.");

        if (CommitCheckInterval is { } interval && (interval <= TimeSpan.Zero || interval > TimeSpan.FromMinutes(1)))
            throw new InvalidOperationException(
                $"{nameof(SqliteStoreOptions)}.{nameof(CommitCheckInterval)} is {interval}; it must be more than zero and at most a minute, or null to turn the check off. The default is 10 ms.");

        if (CommandTimeout <= TimeSpan.Zero || CommandTimeout > MaxCommandTimeout)
            throw new InvalidOperationException(
                $"{nameof(SqliteStoreOptions)}.{nameof(CommandTimeout)} is {CommandTimeout}; it must be more than zero and at most {MaxCommandTimeout}. The default is 30 seconds.");
    }
}
