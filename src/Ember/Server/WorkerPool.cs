using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// The server's workers: takes jobs from the buffer as workers free up and runs each as an async task, handing its
/// outcome to the completion writer. Keeps track of the runs so shutdown can wait for them.
/// </summary>
internal sealed class WorkerPool(JobBuffer buffer, PrefetchPacer pacer, JobRunner runner, RunningJobs running, CompletionWriter completions, WorkSignal demand, ClaimPermits permits, ServerContext server) : IDisposable
{
    private readonly SemaphoreSlim _freeWorkers = new(server.Options.WorkerCount, server.Options.WorkerCount);
    private readonly Lock _runsLock = new();
    private readonly HashSet<Task> _runs = [];
    private int _busy; // workers holding a job, from start until the slot is handed back
    private int _unwritten; // finished runs whose outcome is not written yet

    /// <summary>Fires to cancel the tokens of running jobs (graceful shutdown past its timeout).</summary>
    public CancellationTokenSource CancelJobs { get; } = new();

    /// <summary>Workers with no job: what the fetcher must claim at least, when the buffer can't cover it.</summary>
    public int Idle => server.Options.WorkerCount - Volatile.Read(ref _busy);

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
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _freeWorkers.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            BufferedJob job;
            try
            {
                job = await TakeStartableAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _freeWorkers.Release();
                return;
            }
            Interlocked.Increment(ref _busy);
            pacer.JobStarted();
            demand.Set();
            Start(job);
        }
    }

    // A buffered job whose lease was lost (deleted or requeued meanwhile) is not started; nor one whose lease is about
    // to lapse unrenewed (the store unreachable): another server may rescue it once it lapses, and it must not run twice.
    private async Task<BufferedJob> TakeStartableAsync(CancellationToken stopping)
    {
        while (true)
        {
            var job = await buffer.TakeAsync(stopping).ConfigureAwait(false);
            if (job.LeaseLost) continue;
            if (job.LeaseExpiresAt - server.Options.LeaseRenewInterval > server.Time.GetUtcNow())
            {
                // Its rate permits, taken at claim, ran out while it waited (a fixed window ended): renewed with those of
                // every buffered job in the same case, in one call.
                if (job.RateLimits is not null && job.RateRefusal is null && job.RatePermitUntil is { } until && !RatePermitHolds.Usable(until, server.Time.GetUtcNow()))
                    await permits.RenewAsync(job, buffer.Snapshot(), stopping).ConfigureAwait(false);
                return job;
            }
            Log.LeaseLapsed(server.Logger, job.Fetched.Id, server.Name);
        }
    }

    private void ReleaseWorker()
    {
        Interlocked.Decrement(ref _busy);
        demand.Set();
        try
        {
            _freeWorkers.Release();
        }
        catch (ObjectDisposedException)
        {
            // A run abandoned at shutdown ended after the server was disposed; there is no pool left to return to.
        }
    }

    private void Start(BufferedJob buffered)
    {
        var run = Task.Run(() => RunAsync(buffered), CancellationToken.None);
        lock (_runsLock) _runs.Add(run);
        _ = run.ContinueWith(finished => { lock (_runsLock) _runs.Remove(finished); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    // Owns one worker slot until it hands it back, whatever happens: a leaked slot would shrink the server for good.
    // Outcomes are written in batches, so a slot is handed back as soon as the method returns, letting the next job run
    // while the batch is written; but only while at most UnwrittenLimit finished runs wait for their write. Beyond that
    // the slot waits for the write (RunningJob.OnReleased): a server whose writes lag stops taking jobs instead of
    // piling up finished runs whose leases could lapse and let them run again (the chaos soak saw 1,700 held, runs up
    // to 20×).
    private async Task RunAsync(BufferedJob buffered)
    {
        RunningJob? job = null;
        StateChange? outcome = null;
        try
        {
            job = new RunningJob(buffered.Fetched, buffered.LeaseExpiresAt, server, CancelJobs.Token) { OnReleased = ReleaseWorker, RateLimits = buffered.RateLimits, RatePermitUntil = buffered.RatePermitUntil, RateRefusal = buffered.RateRefusal };
            running.Add(job);
            outcome = await runner.RunAsync(job).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The runner turns job failures into outcomes; reaching here is a bug in Ember. Dropping the lease lets the
            // job be rescued and run again rather than be held forever.
            Log.ProcessFailed(server.Logger, server.Name, $"job {buffered.Fetched.Id}", TimeSpan.Zero, ex);
        }
        if (job is null) ReleaseWorker();
        else if (outcome is null) running.Remove(job);
        else
        {
            var handBackNow = Interlocked.Increment(ref _unwritten) <= UnwrittenLimit(server.Options);
            job.OnReleased = () =>
            {
                Interlocked.Decrement(ref _unwritten);
                if (!handBackNow) ReleaseWorker();
            };
            if (handBackNow) ReleaseWorker();
            completions.Add(job, outcome);
        }
    }

    /// <summary>
    /// How many finished runs may wait for their outcome to be written while their workers go on: a batch's worth at
    /// the rates prefetching allows, and never fewer than the workers.
    /// </summary>
    public static int UnwrittenLimit(ServerOptions options) => options.WorkerCount + options.MaxPrefetchedJobs;
}
