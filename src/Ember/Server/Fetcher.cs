using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// Keeps the job buffer filled: claims, in one round trip, what the idle workers need plus what the
/// <see cref="PrefetchPacer"/> says to hold ahead of them; sleeps while the buffer is full enough, and on the work
/// signal (or the poll interval) when the queues run dry. Fetching runs beside the workers and the completion writer,
/// so a fetch never waits for a write nor a worker for a fetch while jobs are buffered.
/// </summary>
internal sealed class Fetcher(IJobStore store, JobBuffer buffer, PrefetchPacer pacer, WorkerPool workers, WorkSignal signal, WorkSignal demand, ClaimPermits permits, ServerContext server)
{
    /// <param name="stopping">Stops the loop between fetches.</param>
    /// <param name="abort">Abandons a fetch under way. Apart from stopping, so that a graceful stop lets the last fetch
    /// land and hands its jobs back rather than leaving them claimed until their leases lapse.</param>
    public async Task RunAsync(CancellationToken stopping, CancellationToken abort)
    {
        var options = server.Options;
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                demand.Reset();
                var count = pacer.ToFetch(workers.Idle, buffer.Count);
                if (count == 0)
                {
                    // Woken when a worker takes a job or frees up; the poll interval only guards against a missed wake.
                    await demand.WaitAsync(options.PollInterval, server.Time, stopping).ConfigureAwait(false);
                    continue;
                }
                signal.Reset();
                var started = server.Time.GetTimestamp();
                var fetchedAt = server.Time.GetUtcNow();
                var fetched = await store.FetchJobsAsync(new FetchJobsRequest(server.Id, options.Queues, count, options.LeaseDuration), abort).ConfigureAwait(false);
                // The batch's rate permits are one more round trip of the fetch, which the pacer plans for.
                var claimed = await permits.TakeAsync(fetched, abort).ConfigureAwait(false);
                pacer.FetchTook(server.Time.GetElapsedTime(started));
                if (failures > 0) Log.ProcessRecovered(server.Logger, server.Name, "fetcher");
                failures = 0;
                foreach (var (job, limits, permitUntil) in claimed) buffer.Add(new BufferedJob(job, fetchedAt + options.LeaseDuration) { RateLimits = limits, RatePermitUntil = permitUntil });
                if (fetched.Count < count) await signal.WaitAsync(options.PollInterval, server.Time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested || abort.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = Backoff.After(++failures);
                Log.ProcessFailed(server.Logger, server.Name, "fetcher", delay, ex);
                try
                {
                    await Task.Delay(delay, server.Time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Gives the buffered jobs back to their queues (graceful stop, once no worker takes from the buffer): one write,
    /// fenced by their leases, so they run elsewhere at once instead of after their leases lapse. When the write fails
    /// they are left to lapse and be rescued.
    /// </summary>
    public async Task HandBackBufferedAsync(CancellationToken cancellationToken)
    {
        var left = buffer.TakeAll();
        if (left.Count == 0) return;
        var change = StateChange.Enqueued(HistoryKind.HandedBackUnstarted, server.Id);
        try
        {
            await store.CompleteJobsAsync(new CompleteJobsRequest(left.Select(j => new JobCompletion(j.Fetched.Id, j.Fetched.LeaseToken, change)).ToArray()), cancellationToken).ConfigureAwait(false);
            Log.BufferedJobsHandedBack(server.Logger, server.Name, left.Count);
        }
        catch (Exception ex)
        {
            Log.BufferedJobsNotHandedBack(server.Logger, server.Name, left.Count, ex);
        }
    }
}
