using Ember.Sqlite.Sql;
using Ember.Storage;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

/// <summary>
/// Wakes this process's servers when another process enqueues, since SQLite has no notifications between processes.
/// While anyone in this process listens, it reads the write connection's <c>PRAGMA data_version</c> every
/// <see cref="SqliteStoreOptions.CommitCheckInterval"/>: a number that moves when another connection commits (another
/// process, or another store on the file), never for this store's own writes, which notify on their own. When it
/// moved, the queues that hold Enqueued jobs are named to the listeners. A wake for work already taken costs one fetch
/// that finds nothing; the servers' poll stays the fallback, so an error here only delays work.
/// </summary>
internal sealed class CommitWatcher(SqliteDatabase database, WorkSubscribers subscribers, TimeSpan interval) : IDisposable
{
    // Queue names are a handful; the bound only keeps a corrupted index from looping forever.
    private const int MaxQueues = 1000;
    // After an error (file locked, replaced, not yet creatable), checks slow down to this, as the servers' poll.
    private static readonly TimeSpan RetryAfterError = TimeSpan.FromSeconds(1);

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
        Task? watching;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _stop.Cancel();
            watching = _watching;
        }
        // The loop ends at its next tick; it never throws (see WatchAsync), so waiting can't either.
        watching?.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private async Task WatchAsync(CancellationToken stop)
    {
        (long Version, object Connection)? seen = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stop).ConfigureAwait(false);
                if (subscribers.IsEmpty) continue;
                var now = await database.ReadOthersCommitsAsync(stop).ConfigureAwait(false);
                // Only a change on the same connection says another connection committed; a new one starts a new count.
                if (seen is { } last && last.Connection == now.Connection && last.Version != now.Version)
                {
                    var queues = await database.ReadAsync(0, static (connection, _) => EnqueuedQueues(connection), stop).ConfigureAwait(false);
                    foreach (var queue in queues) subscribers.Notify(queue);
                }
                seen = now;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return; // the store is closed
            }
#pragma warning disable CA1031 // A background loop with a fallback: whatever fails, the servers' poll still finds the work.
            catch (Exception)
#pragma warning restore CA1031
            {
                seen = null;
                try
                {
                    await Task.Delay(RetryAfterError, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
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
