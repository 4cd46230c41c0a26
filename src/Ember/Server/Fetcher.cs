using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// Claims as many jobs as there are free workers, in one round trip, and starts each as an async task; sleeps on the
/// work signal (or the poll interval) when the queues run dry. Keeps track of the runs so shutdown can wait for them.
/// </summary>
internal sealed class Fetcher(IJobStore store, JobRunner runner, RunningJobs running, CompletionWriter completions, WorkSignal signal, ServerContext server) : IDisposable
{
    // A fetch is a round trip, a transaction on a database store. While other runs are going, slots free up moments
    // apart; waiting this long for a few more makes one fetch claim several jobs instead of one job per round trip.
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(1);

    private readonly SemaphoreSlim _freeWorkers = new(server.Options.WorkerCount, server.Options.WorkerCount);
    private readonly Lock _runsLock = new();
    private readonly HashSet<Task> _runs = [];
    private bool _backlogged; // the last fetch got all it asked for: more jobs are likely waiting
    private int _unwritten; // finished runs whose outcome is not written yet

    /// <summary>Fires to cancel the tokens of running jobs (graceful shutdown past its timeout).</summary>
    public CancellationTokenSource CancelJobs { get; } = new();

    public void Dispose()
    {
        _freeWorkers.Dispose();
        CancelJobs.Dispose();
    }

    public Task[] Runs()
    {
        lock (_runsLock) return [.. _runs];
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        var options = server.Options;
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var claimed = await ClaimWorkersAsync(stopping).ConfigureAwait(false);
                IReadOnlyList<FetchedJob> fetched;
                var fetchedAt = server.Time.GetUtcNow();
                try
                {
                    signal.Reset();
                    fetched = await store.FetchJobsAsync(new FetchJobsRequest(server.Id, options.Queues, claimed, options.LeaseDuration), stopping).ConfigureAwait(false);
                    if (failures > 0) Log.ProcessRecovered(server.Logger, server.Name, "fetcher");
                    failures = 0;
                }
                catch
                {
                    _freeWorkers.Release(claimed);
                    throw;
                }
                _backlogged = fetched.Count == claimed;
                if (fetched.Count < claimed) _freeWorkers.Release(claimed - fetched.Count);
                foreach (var job in fetched) Start(job, fetchedAt + options.LeaseDuration);
                if (fetched.Count < claimed) await signal.WaitAsync(options.PollInterval, server.Time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
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

    // Takes every free worker slot, at least one. When jobs are backing up and only a few slots are free, gathers a few
    // more for up to the gather window (a quarter of the workers is enough to make the round trip pay). Without a
    // backlog it fetches at once, so a lone new job never waits for the window.
    private async Task<int> ClaimWorkersAsync(CancellationToken stopping)
    {
        var workers = server.Options.WorkerCount;
        await _freeWorkers.WaitAsync(stopping).ConfigureAwait(false);
        var claimed = 1 + TakeFreeWorkers(workers - 1);
        var enough = Math.Max(1, workers / 4);
        if (claimed >= enough || !_backlogged) return claimed;
        try
        {
            var deadline = Environment.TickCount64 + (long)GatherWindow.TotalMilliseconds;
            while (claimed < enough && Environment.TickCount64 <= deadline
                   && await _freeWorkers.WaitAsync(GatherWindow, stopping).ConfigureAwait(false))
                claimed += 1 + TakeFreeWorkers(workers - claimed - 1);
        }
        catch (OperationCanceledException)
        {
            _freeWorkers.Release(claimed);
            throw;
        }
        return claimed;
    }

    private int TakeFreeWorkers(int atMost)
    {
        var taken = 0;
        while (taken < atMost && _freeWorkers.Wait(0, CancellationToken.None)) taken++;
        return taken;
    }

    private void ReleaseWorker()
    {
        try
        {
            _freeWorkers.Release();
        }
        catch (ObjectDisposedException)
        {
            // A run abandoned at shutdown ended after the server was disposed; there is no pool left to return to.
        }
    }

    private void Start(FetchedJob fetched, DateTimeOffset leaseExpiresAt)
    {
        var run = Task.Run(() => RunAsync(fetched, leaseExpiresAt), CancellationToken.None);
        lock (_runsLock) _runs.Add(run);
        _ = run.ContinueWith(finished => { lock (_runsLock) _runs.Remove(finished); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    // Owns one worker slot until it hands it back, whatever happens: a leaked slot would shrink the server for good.
    // Outcomes are written in batches, so a slot is handed back as soon as the method returns, letting the next job run
    // while the batch is written; but only while at most WorkerCount finished runs wait for their write. Beyond that
    // the slot waits for the write (RunningJob.OnReleased): a server whose writes lag stops fetching instead of piling
    // up finished runs whose leases could lapse and let them run again (the chaos soak saw 1,700 held, runs up to 20×).
    private async Task RunAsync(FetchedJob fetched, DateTimeOffset leaseExpiresAt)
    {
        RunningJob? job = null;
        StateChange? outcome = null;
        try
        {
            job = new RunningJob(fetched, leaseExpiresAt, server, CancelJobs.Token) { OnReleased = ReleaseWorker };
            running.Add(job);
            outcome = await runner.RunAsync(job).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The runner turns job failures into outcomes; reaching here is a bug in Ember. Dropping the lease lets the
            // job be rescued and run again rather than be held forever.
            Log.ProcessFailed(server.Logger, server.Name, $"job {fetched.Id}", TimeSpan.Zero, ex);
        }
        if (job is null) ReleaseWorker();
        else if (outcome is null) running.Remove(job);
        else
        {
            var handBackNow = Interlocked.Increment(ref _unwritten) <= server.Options.WorkerCount;
            job.OnReleased = () =>
            {
                Interlocked.Decrement(ref _unwritten);
                if (!handBackNow) ReleaseWorker();
            };
            if (handBackNow) ReleaseWorker();
            completions.Add(job, outcome);
        }
    }
}
