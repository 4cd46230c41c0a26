using Ember.Sqlite.Sql;
using Ember.Storage;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

/// <summary>
/// Wakes this process's servers when another process enqueues, since SQLite has no notifications between processes.
/// While anyone in this process listens, one connection of its own reads <c>PRAGMA data_version</c>, a number that
/// moves whenever another connection (of any process) commits, every <see cref="SqliteStoreOptions.CommitCheckInterval"/>.
/// When it moved, the queues that hold Enqueued jobs are named to the listeners. A wake for work already taken costs
/// one fetch that finds nothing; the servers' poll stays the fallback.
/// </summary>
internal sealed class CommitWatcher(SqliteDatabase database, WorkSubscribers subscribers, TimeSpan interval) : IDisposable
{
    // Queue names are a handful; the bound only keeps a corrupted index from looping forever.
    private const int MaxQueues = 1000;

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private Task? _watching;
    private bool _disposed;

    /// <summary>Starts watching, once; called when the first listener subscribes.</summary>
    public void EnsureStarted()
    {
        lock (_lock)
            if (!_disposed) _watching ??= Task.Run(() => WatchAsync(_stop.Token), CancellationToken.None);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _stop.Cancel();
            // The loop ends at its next tick; waiting lets it close its connection before the store clears the pool.
            _watching?.Wait(TimeSpan.FromSeconds(5));
            _stop.Dispose();
        }
    }

    private async Task WatchAsync(CancellationToken stop)
    {
        SqliteConnection? connection = null;
        long? seen = null;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (subscribers.IsEmpty) continue;
                try
                {
                    connection ??= await database.OpenConnectionAsync(stop).ConfigureAwait(false);
                    var version = DataVersion(connection);
                    if (seen is { } last && version != last)
                        foreach (var queue in EnqueuedQueues(connection)) subscribers.Notify(queue);
                    seen = version;
                }
                catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
                {
                    // The file is locked, gone or being replaced: the servers' poll covers the gap. Start again from a
                    // fresh connection (its own data_version) at the next tick.
                    connection?.Dispose();
                    (connection, seen) = (null, null);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private static long DataVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        return (long)command.ExecuteScalar()!;
    }

    private static List<string> EnqueuedQueues(SqliteConnection connection)
    {
        var queues = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = QuerySql.NextEnqueuedQueue;
        var after = command.Parameters.AddWithValue("$after", "");
        while (queues.Count < MaxQueues && command.ExecuteScalar() is string queue)
        {
            queues.Add(queue);
            after.Value = queue;
        }
        return queues;
    }
}
