using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ember.Sqlite;

/// <summary>
/// The database file and the connections to it: one write connection whose writes are serialized by an async gate
/// (so threads of this process queue without blocking, and only other processes meet SQLite's busy timeout), and
/// pooled connections for reads, which WAL lets run beside the writer. Creates or checks the schema once, on first
/// use or at <see cref="EnsureInitializedAsync"/>.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private const string EnableWal = "PRAGMA journal_mode = WAL";
    private const string DataVersion = "PRAGMA data_version";
    // NORMAL under WAL: a commit survives a crash of the process, only a power loss may take the last few back.
    private const string ConnectionPragmas = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;
    private readonly int _busyTimeoutMs;
    private readonly bool _prepareSchema;
    private readonly bool _isFile;
    private readonly DatabaseFileGuard? _guard;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;
    private WriteSession? _writer;

    public SqliteDatabase(SqliteStoreOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        _isFile = builder.Mode != SqliteOpenMode.Memory && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            && !builder.DataSource.Contains("|DataDirectory|", StringComparison.OrdinalIgnoreCase);
        // A full path: messages name the real file, and a later change of the current directory moves nothing.
        if (_isFile) builder.DataSource = Path.GetFullPath(builder.DataSource);
        Location = builder.DataSource;
        if (_isFile) _guard = new DatabaseFileGuard(Location);
        _busyTimeoutMs = (int)options.CommandTimeout.TotalMilliseconds;
        _prepareSchema = options.PrepareSchemaIfNecessary;
        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        builder.ForeignKeys = null;
        builder.Pooling = false;
        _writeConnectionString = builder.ToString();
        builder.Pooling = true;
        _readConnectionString = builder.ToString();
    }

    /// <summary>The database file's full path (or the data source as given, for URIs and memory databases).</summary>
    public string Location { get; }

    public async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized) return;
        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized) return;
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                CheckDirectory();
                try
                {
                    _writer ??= OpenWriter();
                    SqliteMigrator.Migrate(_writer.Connection, Location, _prepareSchema);
                }
                catch (SqliteException ex)
                {
                    ResetWriter();
                    throw new InvalidOperationException(
                        $"Ember could not open the SQLite database '{Location}': {ex.Message} Check that the file is a SQLite database " +
                        "that this process may read and write, in a directory it may write (WAL adds -wal and -shm files beside it), " +
                        "or fix SqliteStoreOptions.ConnectionString.", ex);
                }
                catch
                {
                    ResetWriter();
                    throw;
                }
            }
            finally
            {
                _writeGate.Release();
            }
            _initialized = true;
        }
        finally
        {
            _initGate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction, after any other write of this process.</summary>
    public Task<TResult> WriteAsync<TState, TResult>(TState state, Func<WriteSession, TState, TResult> work, CancellationToken cancellationToken) =>
        OnWriterAsync((state, work), static (writer, call) => writer.InTransaction(call.state, call.work), cancellationToken);

    /// <summary>Runs <paramref name="work"/> as <see cref="WriteAsync"/> does, and rolls it back: nothing is written.</summary>
    public Task<TResult> RehearseAsync<TState, TResult>(TState state, Func<WriteSession, TState, TResult> work, CancellationToken cancellationToken) =>
        OnWriterAsync((state, work), static (writer, call) => writer.RolledBack(call.state, call.work), cancellationToken);

    /// <summary>Runs <paramref name="read"/> on a pooled connection of its own.</summary>
    public async Task<TResult> ReadAsync<TState, TResult>(TState state, Func<SqliteConnection, TState, TResult> read, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Once the file is gone, opening the name would create an empty one in its place.
        _guard?.ThrowIfLost();
        using var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        raw.sqlite3_busy_timeout(connection.Handle, _busyTimeoutMs);
        return read(connection, state);
    }

    /// <summary>
    /// The write connection's <c>PRAGMA data_version</c>, and that connection. The number moves only when another
    /// connection commits (another process, or another store on the file), never for this store's own writes, which
    /// all go through the write connection. After an error the store opens a new write connection, whose number is
    /// its own: compare numbers of the same connection only.
    /// </summary>
    public Task<(long Version, object Connection)> ReadOthersCommitsAsync(CancellationToken cancellationToken) =>
        OnWriterAsync(0, static (writer, _) => ((long)writer.Command(DataVersion).ExecuteScalar()!, (object)writer), cancellationToken);

    // The write connection, one caller at a time; after a failure the next caller starts from a fresh connection,
    // whatever state this one was left in, unless the file was deleted or replaced under it (see DatabaseFileGuard):
    // a fresh connection would write to whatever the name leads to now.
    private async Task<TResult> OnWriterAsync<TState, TResult>(TState state, Func<WriteSession, TState, TResult> use, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _guard?.ThrowIfLost();
            var writer = _writer ??= OpenWriter();
            try
            {
                _guard?.CheckIfDue(writer.Connection);
                return use(writer, state);
            }
            catch (Exception failure)
            {
                try
                {
                    _guard?.Check(writer.Connection, failure);
                }
                finally
                {
                    ResetWriter();
                }
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _writeGate.Wait();
        try
        {
            _disposed = true;
            ResetWriter();
        }
        finally
        {
            _writeGate.Release();
        }
        // Pooled read connections would otherwise keep the file open after the store is gone.
        using (var connection = new SqliteConnection(_readConnectionString)) SqliteConnection.ClearPool(connection);
    }

    private void CheckDirectory()
    {
        if (!_isFile) return;
        var directory = Path.GetDirectoryName(Location);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
            throw new InvalidOperationException(
                $"The directory of the SQLite database '{Location}' does not exist. Create the directory '{directory}', " +
                "or fix the Data Source in SqliteStoreOptions.ConnectionString.");
        if (Directory.Exists(Location))
            throw new InvalidOperationException(
                $"The SQLite database path '{Location}' is a directory, not a file. Fix the Data Source in SqliteStoreOptions.ConnectionString.");
    }

    private WriteSession OpenWriter()
    {
        var connection = new SqliteConnection(_writeConnectionString);
        try
        {
            connection.Open();
            // SQLite's busy handler retries the lock within milliseconds; without it, Microsoft.Data.Sqlite's own retry
            // loop sleeps a fixed, much longer step between attempts, which would stall a waiting writer.
            raw.sqlite3_busy_timeout(connection.Handle, _busyTimeoutMs);
            if (raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
                throw new InvalidOperationException(
                    $"The SQLite database '{Location}' is read-only for this process, but a job store writes. " +
                    "Make the file and its directory writable by this process, or fix SqliteStoreOptions.ConnectionString.");
            using (var command = connection.CreateCommand())
            {
                command.CommandText = EnableWal;
                command.ExecuteScalar();
                command.CommandText = ConnectionPragmas;
                command.ExecuteNonQuery();
            }
            return new WriteSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void ResetWriter()
    {
        _writer?.Dispose();
        _writer = null;
    }
}
