using Ember.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ember.PostgreSql;

/// <summary>
/// LISTENs on the schema's channel on one dedicated connection and passes each notification's payload (a queue name)
/// to the subscribers. When the connection breaks (PostgreSQL restarted, network), it reconnects with exponential
/// backoff; notifications sent meanwhile are lost, which only delays work until the servers' next poll.
/// </summary>
/// <remarks>
/// Delays use real time, not the store's <see cref="TimeProvider"/>: reconnecting is about the network, and a test's
/// frozen fake clock must not stop it.
/// </remarks>
internal sealed class WorkListener(NpgsqlDataSource dataSource, string channelSql, WorkSubscribers subscribers, TimeSpan maxDelay, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    // A silent connection is probed this often, so a half-open TCP connection is noticed rather than waited on forever.
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private Task? _loop;

    /// <summary>Starts listening (once) and waits until the first LISTEN is in place, at most <paramref name="wait"/>.</summary>
    public void Start(TimeSpan wait)
    {
        lock (_lock) _loop ??= Task.Run(() => RunAsync(_stop.Token));
        // Bounded: when the database is down, subscribing must not hang; the loop keeps trying and servers poll.
        _listening.Task.Wait(wait);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task? loop;
        lock (_lock) loop = _loop;
        if (loop is not null) await loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var delay = FirstDelay;
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var connection = await dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    string channel;
                    await using (var command = new NpgsqlCommand(channelSql, connection))
                        channel = (string)(await command.ExecuteScalarAsync(stopping).ConfigureAwait(false))!;
                    connection.Notification += (_, e) => subscribers.Notify(e.Payload);
#pragma warning disable CA2100 // The channel is 'ember_work_' plus an md5 hex digest, from the schema's own function.
                    await using (var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection))
#pragma warning restore CA2100
                        await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                    if (failures > 0) PostgreSqlLog.ListenRestored(logger, failures);
                    failures = 0;
                    delay = FirstDelay;
                    _listening.TrySetResult();
                    while (true)
                    {
                        if (!await connection.WaitAsync(ProbeInterval, stopping).ConfigureAwait(false))
                        {
                            await using var probe = new NpgsqlCommand("SELECT 1", connection);
                            await probe.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of the connection means: wait, reconnect; the loop must outlive it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (failures++ == 0) PostgreSqlLog.ListenFailed(logger, delay, ex);
                try
                {
                    await Task.Delay(delay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxDelay.Ticks));
            }
        }
    }
}
