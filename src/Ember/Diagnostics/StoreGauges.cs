using System.Diagnostics.Metrics;
using Ember.Storage;
using Microsoft.Extensions.Hosting;

namespace Ember;

/// <summary>
/// The observable gauges of the "Ember" meter that describe the store rather than this process: jobs waiting per
/// queue, how long the head of each queue has waited, and the servers registered. They are read from the store's
/// counters (<see cref="IJobQueries.GetQueuesAsync"/>, <see cref="IJobQueries.GetServersAsync"/>), at most once per
/// <see cref="ReadInterval"/> however often a collector asks, so that metrics never load the store. A collection
/// waits briefly for a due read and otherwise reports the last one. <c>AddEmber</c> runs one for the application's store.
/// </summary>
internal sealed class StoreGauges : IHostedService, IDisposable
{
    /// <summary>The longest a reading is reused.</summary>
    public static readonly TimeSpan ReadInterval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan CollectionWait = TimeSpan.FromMilliseconds(500);
    private readonly IJobQueries _queries;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Meter? _meter;
    private Snapshot _last = new([], null, DateTimeOffset.MinValue);
    private Task? _reading;

    public StoreGauges(IJobStore store, TimeProvider time)
    {
        _queries = store.Queries;
        _time = time;
    }

    private sealed record Snapshot(IReadOnlyList<QueueInfo> Queues, int? Servers, DateTimeOffset ReadAt);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A meter of its own, so that stopping (and a test's next host) takes these callbacks away with it.
        _meter = new Meter(EmberDiagnostics.Name);
        _meter.CreateObservableGauge("ember.queue.depth", Depth, "{job}", "Jobs Enqueued, by queue (messaging.destination.name).");
        _meter.CreateObservableGauge("ember.queue.oldest.age", OldestAge, "s", "How long the job at the head of each queue has been Enqueued.");
        _meter.CreateObservableGauge("ember.servers", Servers, "{server}", "Servers registered with the store, in every process.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _meter?.Dispose();
        _meter = null;
    }

    private IEnumerable<Measurement<long>> Depth() =>
        Read().Queues.Select(q => new Measurement<long>(q.Enqueued, new KeyValuePair<string, object?>(EmberTags.Destination, q.Name)));

    private IEnumerable<Measurement<double>> OldestAge()
    {
        var now = _time.GetUtcNow();
        foreach (var queue in Read().Queues)
            if (queue.OldestEnqueuedAt is { } since)
                yield return new Measurement<double>(Math.Max(0, (now - since).TotalSeconds), new KeyValuePair<string, object?>(EmberTags.Destination, queue.Name));
    }

    private IEnumerable<Measurement<long>> Servers() =>
        Read().Servers is { } count ? [new Measurement<long>(count)] : [];

    // Starts a read when the last one is older than ReadInterval (never two at once) and waits a little for it.
    private Snapshot Read()
    {
        Task reading;
        lock (_lock)
        {
            if (_time.GetUtcNow() - _last.ReadAt < ReadInterval) return _last;
            reading = _reading ??= Task.Run(ReadAsync);
        }
        reading.Wait(CollectionWait);
        return _last;
    }

    private async Task ReadAsync()
    {
        try
        {
            var queues = await _queries.GetQueuesAsync().ConfigureAwait(false);
            var servers = await _queries.GetServersAsync().ConfigureAwait(false);
            _last = new Snapshot(queues, servers.Count, _time.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The store is down: report nothing rather than stale figures, and try again after the interval, not at
            // every collection.
            _last = new Snapshot([], null, _time.GetUtcNow());
        }
        finally
        {
            lock (_lock) _reading = null;
        }
    }
}
