using Ember.PostgreSql.Sql;
using Ember.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ember.PostgreSql;

/// <summary>
/// A job store in a PostgreSQL schema, for any number of server processes on one database. Each operation is one
/// round trip (a function of the schema, or one statement); fetching claims a batch with FOR UPDATE SKIP LOCKED,
/// completion applies a batch fenced by lease tokens, and servers in every process are woken by LISTEN/NOTIFY.
/// </summary>
/// <remarks>
/// The schema is created or migrated on <see cref="InitializeAsync"/>, or on first use, so a client may enqueue before
/// any server starts. Times come from the <see cref="TimeProvider"/> and are stored as timestamptz (microseconds).
/// Jobs can be created inside the application's own transaction: see <see cref="Enlist(NpgsqlTransaction)"/>.
/// </remarks>
public sealed partial class PostgreSqlJobStore : IJobStore, IJobNotifications, IJobStoreWarmUp, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenerDataSource;
    private readonly bool _ownsDataSource;
    private readonly string? _ownConnectionString; // to create a missing database; only for a data source the store built
    private readonly PostgreSqlStoreOptions _options;
    private readonly Statements _sql;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WorkSubscribers _subscribers = new();
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    private readonly Lock _listenerLock = new();
    private WorkListener? _listener;
    private volatile bool _initialized;

    /// <summary>
    /// Creates a store on its own pooled data source built from <paramref name="connectionString"/>, with
    /// <see cref="PostgreSqlStoreOptions.ConnectTimeout"/>, automatic statement preparation, and no session reset when
    /// a connection goes back to the pool (the store leaves no session state behind; its one LISTEN connection is not
    /// pooled). Opens nothing yet.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>"Host=db;Username=app;Password=...;Database=app"</c>.</param>
    /// <param name="options">The options; defaults when null. Validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">For the notification listener's reconnects; none when null.</param>
    /// <exception cref="InvalidOperationException">An option or the connection string is invalid.</exception>
    public PostgreSqlJobStore(string connectionString, PostgreSqlStoreOptions? options = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(BuildDataSources(connectionString, options ?? new PostgreSqlStoreOptions()), ownsDataSource: true, options, timeProvider, loggerFactory)
    {
        _ownConnectionString = connectionString;
    }

    /// <summary>
    /// Creates a store on the application's data source, which it uses as configured and does not dispose. Opens
    /// nothing yet. Tip: <c>Max Auto Prepare</c> in its connection string lets Npgsql prepare the store's statements.
    /// </summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="options">The options; defaults when null. Validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">For the notification listener's reconnects; none when null.</param>
    /// <exception cref="InvalidOperationException">An option is invalid.</exception>
    public PostgreSqlJobStore(NpgsqlDataSource dataSource, PostgreSqlStoreOptions? options = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this((dataSource, dataSource), ownsDataSource: false, options, timeProvider, loggerFactory)
    {
    }

    private PostgreSqlJobStore((NpgsqlDataSource Commands, NpgsqlDataSource Listener) dataSources, bool ownsDataSource, PostgreSqlStoreOptions? options, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        var dataSource = dataSources.Commands;
        ArgumentNullException.ThrowIfNull(dataSource);
        _listenerDataSource = dataSources.Listener;
        _options = options ?? new PostgreSqlStoreOptions();
        _options.Validate();
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _sql = new Statements(new SchemaName(_options.SchemaName));
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<PostgreSqlJobStore>() ?? NullLogger.Instance;
        Location = DescribeLocation(dataSource.ConnectionString);
        Queries = new PostgreSqlJobQueries(this);
    }

    /// <inheritdoc />
    public IJobQueries Queries { get; }

    /// <summary>The schema this store uses.</summary>
    public string SchemaName => _sql.Schema.Name;

    /// <summary>Where the store connects, as error messages name it: host, port and database.</summary>
    public string Location { get; }

    internal Statements Sql => _sql;

    internal PostgreSqlStoreOptions Options => _options;

    internal TimeProvider Time => _time;

    /// <summary>
    /// The whole schema as SQL for <paramref name="schemaName"/>: CREATE SCHEMA and every embedded migration, in order.
    /// For DBAs who create the schema themselves and run with <see cref="PostgreSqlStoreOptions.PrepareSchemaIfNecessary"/> off.
    /// </summary>
    /// <exception cref="InvalidOperationException">The schema name is invalid.</exception>
    public static string GetSchemaScript(string schemaName = "ember")
    {
        new PostgreSqlStoreOptions { SchemaName = schemaName }.Validate();
        return PostgreSqlMigrator.Script(new SchemaName(schemaName));
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">
    /// The server can't be reached (the message names host and port), the schema is newer than this build, or it is
    /// missing or old while <see cref="PostgreSqlStoreOptions.PrepareSchemaIfNecessary"/> is off.
    /// </exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized) return;
        await _initializeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized) return;
            NpgsqlConnection connection;
            try
            {
                connection = await OpenCreatingDatabaseAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                throw new InvalidOperationException(
                    $"Ember.PostgreSql could not connect to PostgreSQL at {Location}: {ex.Message} " +
                    "Check that the server runs and accepts connections there, and the host, port, user and password of the connection string.", ex);
            }
            await using (connection.ConfigureAwait(false))
                await PostgreSqlMigrator.MigrateAsync(connection, _sql.Schema, Location, _options.PrepareSchemaIfNecessary, cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initializeGate.Release();
        }
    }

    private async Task<NpgsqlConnection> OpenCreatingDatabaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (MissingDatabase.Is(ex))
        {
            await MissingDatabase.CreateOrExplainAsync(_ownConnectionString, _dataSource, _options.PrepareSchemaIfNecessary, Location, ex, cancellationToken).ConfigureAwait(false);
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The first subscription starts the LISTEN connection and waits (at most the connect timeout) until it listens, so
    /// that work enqueued right after this call is reported. The connection reconnects with backoff when it breaks.
    /// </remarks>
    public IDisposable Subscribe(Action<string> onWork)
    {
        var subscription = _subscribers.Add(onWork);
        if (!_options.UseNotifications) return subscription;
        WorkListener listener;
        lock (_listenerLock)
            listener = _listener ??= new WorkListener(_listenerDataSource, _sql.WorkChannel, _subscribers, _options.ListenReconnectMaxDelay, _logger);
        listener.Start(_options.ConnectTimeout + TimeSpan.FromSeconds(1));
        return subscription;
    }

    /// <summary>
    /// The client's view of this store (<see cref="IJobClientStore"/>) whose <see cref="IJobClientStore.CreateJobsAsync"/>
    /// and <see cref="IJobClientStore.CreateBatchAsync"/> run inside the application's <paramref name="transaction"/>:
    /// the jobs exist if and only if that transaction commits, and servers are notified at its commit. Changes of
    /// state and reads are this store's own. Use it for one unit of work, e.g. <c>new BackgroundJobClient(store.Enlist(tx))</c>.
    /// </summary>
    /// <param name="transaction">An open transaction on a connection to this store's database.</param>
    public IJobClientStore Enlist(NpgsqlTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return new EnlistedJobStore(this, transaction.Connection ?? throw new ArgumentException("The transaction is completed: it has no connection.", nameof(transaction)));
    }

    /// <summary>
    /// As <see cref="Enlist(NpgsqlTransaction)"/>, for a connection on which the application began a transaction itself
    /// (for example with a <c>BEGIN</c> statement): jobs are created in whatever transaction is open on it when
    /// CreateJobsAsync runs (and committed at once when none is).
    /// </summary>
    /// <param name="connection">An open connection to this store's database.</param>
    public IJobClientStore Enlist(NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new EnlistedJobStore(this, connection);
    }

    /// <summary>Stops the listener and, when the store built it, disposes its data source.</summary>
    public async ValueTask DisposeAsync()
    {
        WorkListener? listener;
        lock (_listenerLock) (listener, _listener) = (_listener, null);
        if (listener is not null) await listener.DisposeAsync().ConfigureAwait(false);
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
            await _listenerDataSource.DisposeAsync().ConfigureAwait(false);
        }
        _initializeGate.Dispose();
    }

    /// <summary>A command on a pooled connection of the data source, after the schema is ready.</summary>
    internal async ValueTask<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken)
    {
        if (!_initialized) await InitializeAsync(cancellationToken).ConfigureAwait(false);
#pragma warning disable CA2100 // Every caller passes a Statements text: a constant template with the validated, quoted schema name.
        return _dataSource.CreateCommand(sql);
#pragma warning restore CA2100
    }

    // The pooled source runs every statement. The unpooled one holds only the LISTEN connection, so that a connection
    // still listening (its loop stopped by a timeout that left it open) is closed rather than pooled: the pooled
    // source skips the session reset, UNLISTEN included, that Npgsql would otherwise send at each reuse.
    private static (NpgsqlDataSource Commands, NpgsqlDataSource Listener) BuildDataSources(string connectionString, PostgreSqlStoreOptions options)
    {
        options.Validate();
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("The PostgreSQL connection string is empty. Pass one such as \"Host=localhost;Username=app;Password=...;Database=app\" to UsePostgreSql.");
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"The PostgreSQL connection string is not valid: {ex.Message} Use the form \"Host=localhost;Username=app;Password=...;Database=app\".", ex);
        }
        builder.ConnectionStringBuilder.Timeout = (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds);
        // The store's statement texts are few and fixed: prepared once per physical connection, then reused.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0) builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        var commands = builder.Build();
        builder.ConnectionStringBuilder.NoResetOnClose = false;
        builder.ConnectionStringBuilder.Pooling = false;
        return (commands, builder.Build());
    }

    private static string DescribeLocation(string? connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var host = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host;
            var port = builder.Port;
            var database = string.IsNullOrEmpty(builder.Database) ? builder.Username : builder.Database;
            return $"host {host}, port {port}, database {database}";
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }
}
