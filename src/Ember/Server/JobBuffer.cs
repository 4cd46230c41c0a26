using System.Collections.Concurrent;
using System.Threading.Channels;
using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// The jobs a server has claimed and not yet started, oldest first: the fetcher fills it a round trip ahead of the
/// workers (see <see cref="PrefetchPacer"/>) so that under a backlog a worker never waits for a fetch, and one fetch
/// claims many jobs. Their leases are renewed with the running jobs' (<see cref="LeaseKeeper"/>); a job whose lease was
/// lost or is about to lapse is dropped instead of started; at a graceful stop what is left goes back to its queue.
/// </summary>
internal sealed class JobBuffer
{
    private readonly Channel<BufferedJob> _queue = Channel.CreateUnbounded<BufferedJob>(new() { SingleReader = true });
    // The same jobs by lease, for renewal: a channel can't be enumerated.
    private readonly ConcurrentDictionary<HeldLease, BufferedJob> _held = new();

    public int Count => _held.Count;

    public void Add(BufferedJob job)
    {
        _held[job.Lease] = job;
        _queue.Writer.TryWrite(job);
    }

    /// <summary>The next job in the buffer, waiting for one when it is empty.</summary>
    public async ValueTask<BufferedJob> TakeAsync(CancellationToken cancellationToken)
    {
        // The channel is never completed, so the wait ends with a job or with the token.
        var job = await _queue.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        _held.TryRemove(job.Lease, out _);
        return job;
    }

    public BufferedJob[] Snapshot() => _held.Values.ToArray();

    /// <summary>Marks the jobs whose leases the store says this server no longer holds, so they are never started.</summary>
    public void LoseLeases(IEnumerable<HeldLease> leases)
    {
        foreach (var lease in leases)
            if (_held.TryRemove(lease, out var job)) job.LoseLease();
    }

    /// <summary>Empties the buffer (the server is stopping and nothing takes from it any more).</summary>
    public List<BufferedJob> TakeAll()
    {
        var all = new List<BufferedJob>(_held.Count);
        while (_queue.Reader.TryRead(out var job))
            if (_held.TryRemove(job.Lease, out _)) all.Add(job);
        return all;
    }
}
