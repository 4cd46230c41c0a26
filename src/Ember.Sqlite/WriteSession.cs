using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

/// <summary>
/// The store's one write connection, with its prepared commands. Writes of one process are serialized before they
/// get here (see <see cref="SqliteDatabase"/>), so a session is used by one thread at a time and never contends with
/// itself; other processes wait on SQLite's busy timeout.
/// </summary>
internal sealed class WriteSession : IDisposable
{
    // Keyed by reference: the SQL texts are constants, so the same string instance comes back every time.
    private readonly Dictionary<string, SqliteCommand> _commands = new(ReferenceEqualityComparer.Instance);
    private SqliteTransaction? _transaction;

    public WriteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>The statistics deltas of the current transaction, written just before it commits.</summary>
    public JobCounters Counters { get; } = new();

    /// <summary>The command for a constant SQL text, prepared on first use and enlisted in the current transaction.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
#pragma warning disable CA2100 // Every caller passes one of the constants in Ember.Sqlite.Sql; values are parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            _commands.Add(sql, command);
        }
        command.Transaction = _transaction;
        return command;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one BEGIN IMMEDIATE transaction: the write lock is taken up front, so a writer
    /// in another process waits on the busy timeout instead of failing on a read-to-write upgrade. The counters the work
    /// reported are written in the same transaction, so they commit, or roll back, with the jobs they count.
    /// </summary>
    public TResult InTransaction<TState, TResult>(TState state, Func<WriteSession, TState, TResult> work) => Run(state, work, commit: true);

    /// <summary>Runs <paramref name="work"/> as <see cref="InTransaction"/> does, then rolls it all back: a rehearsal.</summary>
    public TResult RolledBack<TState, TResult>(TState state, Func<WriteSession, TState, TResult> work) => Run(state, work, commit: false);

    private TResult Run<TState, TResult>(TState state, Func<WriteSession, TState, TResult> work, bool commit)
    {
        using var transaction = Connection.BeginTransaction(deferred: false);
        _transaction = transaction;
        Counters.Clear();
        try
        {
            var result = work(this, state);
            Counters.Flush(this);
            if (commit) transaction.Commit();
            else transaction.Rollback();
            return result;
        }
        finally
        {
            _transaction = null;
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
        Connection.Dispose();
    }
}
