using System.Globalization;
using Ember.Invocations;
using Ember.Retry;
using Ember.Server;
using Ember.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember;

/// <summary>
/// Processes jobs from a store: claims batches sized by free workers, runs them as async tasks, writes outcomes in
/// batches, keeps leases alive, and runs the background duties (scheduler, rescuer, heartbeat, pruner). Several
/// servers, in one process or many, can share a store. With <c>AddEmber(e => e.AddServer())</c> the host runs it.
/// </summary>
public sealed class EmberServer : IAsyncDisposable
{
    private const int MaintenanceBatch = 1000;
    private readonly IJobStore _store;
    private readonly ServerContext _server;
    private readonly JobRunner _runner;
    private readonly Recurring.RecurringScheduler _recurring;
    private readonly RunningJobs _running = new();
    private readonly WorkSignal _workSignal = new();
    private readonly SemaphoreSlim _freeWorkers;
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _cancelJobs = new();
    private readonly CancellationTokenSource _stopMaintenance = new();
    private readonly CancellationTokenSource _abortCompletions = new();
    private readonly DateTimeOffset _startedAt;
    private readonly Lock _runsLock = new();
    private readonly HashSet<Task> _runs = [];
    private CompletionWriter? _completions;
    private IDisposable? _subscription;
    private Task _fetching = Task.CompletedTask;
    private Task[] _maintenance = [];
    private int _state; // 0 new, 1 started, 2 stopped

    /// <summary>Creates a server; call <see cref="StartAsync"/> to begin processing.</summary>
    /// <param name="store">The store to take jobs from.</param>
    /// <param name="options">This server's options; defaults when null. Validated here.</param>
    /// <param name="emberOptions">Shared options (retries, expiration, serialization); defaults when null.</param>
    /// <param name="activator">Creates job instances; parameterless constructors when null.</param>
    /// <param name="loggerFactory">Where logs go; nowhere when null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public EmberServer(IJobStore store, ServerOptions? options = null, EmberOptions? emberOptions = null, JobActivator? activator = null,
        ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new ServerOptions();
        options.Validate();
        emberOptions ??= new EmberOptions();
        emberOptions.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var name = options.Name ?? $"{Environment.MachineName.ToLowerInvariant()}:{Environment.ProcessId}";
        var id = $"{name}:{Guid.NewGuid().ToString("N")[..8]}";
        _server = new ServerContext(id, name, options, time, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Ember.Server"));
        _store = store;
        _startedAt = time.GetUtcNow();
        _freeWorkers = new SemaphoreSlim(options.WorkerCount, options.WorkerCount);
        var binder = new InvocationBinder(emberOptions.SerializerOptions);
        _runner = new JobRunner(binder, activator ?? new JobActivator(), new RetryPolicy(emberOptions.Retry, emberOptions.JobExpiration), emberOptions, store, _server);
        _recurring = new Recurring.RecurringScheduler(store, binder, time, _server.Logger);
    }

    /// <summary>The unique id of this server instance in the server registry.</summary>
    public string Id => _server.Id;

    /// <summary>The readable name of this server.</summary>
    public string Name => _server.Name;

    /// <summary>Initializes the store, registers the server and starts processing. Returns once started.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) throw new InvalidOperationException("An EmberServer can be started only once.");
        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _store.HeartbeatAsync(Heartbeat(), cancellationToken).ConfigureAwait(false);

        var queues = _server.Options.Queues.ToHashSet(StringComparer.Ordinal);
        if (_store is IJobNotifications notifications)
            _subscription = notifications.Subscribe(queue => { if (queues.Contains(queue)) _workSignal.Set(); });

        _completions = new CompletionWriter(_store, _running, _server, _abortCompletions.Token);
        _fetching = Task.Run(() => FetchLoopAsync(_stopFetching.Token), CancellationToken.None);
        var options = _server.Options;
        var stop = _stopMaintenance.Token;
        _maintenance =
        [
            Task.Run(() => PeriodicProcess.RunAsync("lease renewal", options.LeaseRenewInterval, RenewLeasesAsync, _server, stop), CancellationToken.None),
            Task.Run(() => PeriodicProcess.RunAsync("scheduler", options.SchedulePollInterval, EnqueueDueAsync, _server, stop), CancellationToken.None),
            Task.Run(() => PeriodicProcess.RunAsync("recurring scheduler", options.SchedulePollInterval, FireRecurringAsync, _server, stop), CancellationToken.None),
            Task.Run(() => PeriodicProcess.RunAsync("rescuer", options.RescueInterval, RescueAsync, _server, stop), CancellationToken.None),
            Task.Run(() => PeriodicProcess.RunAsync("heartbeat", options.HeartbeatInterval, HeartbeatAsync, _server, stop), CancellationToken.None),
            Task.Run(() => PeriodicProcess.RunAsync("pruner", options.PruneInterval, PruneAsync, _server, stop), CancellationToken.None),
        ];
        Log.ServerStarted(_server.Logger, Name, options.WorkerCount, string.Join(", ", options.Queues));
    }

    /// <summary>
    /// Stops gracefully: no new jobs are fetched; running jobs get <see cref="ServerOptions.ShutdownTimeout"/> to finish,
    /// then their token fires and those still unfinished are handed back to their queue. When
    /// <paramref name="cancellationToken"/> fires first (the host's own shutdown timeout), the rest is abandoned: those
    /// jobs' leases expire and other servers run them again.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1) return;
        await _stopFetching.CancelAsync().ConfigureAwait(false);
        _subscription?.Dispose();
        await _fetching.ConfigureAwait(false);

        var runs = Runs();
        Log.ServerStopping(_server.Logger, Name, _server.Options.ShutdownTimeout, runs.Length);
        if (!await FinishesWithinAsync(Task.WhenAll(runs), _server.Options.ShutdownTimeout, cancellationToken).ConfigureAwait(false))
        {
            Log.ServerCancellingJobs(_server.Logger, Name, Runs().Length);
            await _cancelJobs.CancelAsync().ConfigureAwait(false);
            await FinishesWithinAsync(Task.WhenAll(Runs()), Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }

        using (cancellationToken.Register(() => _abortCompletions.Cancel()))
            await _completions!.FlushAndStopAsync().ConfigureAwait(false);
        await _stopMaintenance.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_maintenance).ConfigureAwait(false);
        try
        {
            await _store.RemoveServerAsync(Id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The registry entry times out on its own; stopping must not fail because the store is down.
            Log.ProcessFailed(_server.Logger, Name, "server registry removal", TimeSpan.Zero, ex);
        }
        Log.ServerStopped(_server.Logger, Name);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopFetching.Dispose();
        _cancelJobs.Dispose();
        _stopMaintenance.Dispose();
        _abortCompletions.Dispose();
        _freeWorkers.Dispose();
    }

    // Claims as many jobs as there are free workers, in one round trip; sleeps on the work signal when the queues run dry.
    private async Task FetchLoopAsync(CancellationToken stopping)
    {
        var options = _server.Options;
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _freeWorkers.WaitAsync(stopping).ConfigureAwait(false);
                var claimed = 1;
                while (claimed < options.WorkerCount && _freeWorkers.Wait(0, CancellationToken.None)) claimed++;

                IReadOnlyList<FetchedJob> fetched;
                try
                {
                    _workSignal.Reset();
                    fetched = await _store.FetchJobsAsync(new FetchJobsRequest(Id, options.Queues, claimed, options.LeaseDuration), stopping).ConfigureAwait(false);
                    if (failures > 0) Log.ProcessRecovered(_server.Logger, Name, "fetcher");
                    failures = 0;
                }
                catch
                {
                    _freeWorkers.Release(claimed);
                    throw;
                }
                if (fetched.Count < claimed) _freeWorkers.Release(claimed - fetched.Count);
                foreach (var job in fetched) Start(job);
                if (fetched.Count < claimed) await _workSignal.WaitAsync(options.PollInterval, _server.Time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = Backoff.After(++failures);
                Log.ProcessFailed(_server.Logger, Name, "fetcher", delay, ex);
                try
                {
                    await Task.Delay(delay, _server.Time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Start(FetchedJob fetched)
    {
        var running = new RunningJob(fetched, _server.Options.JobTimeout, _server.Time, _cancelJobs.Token);
        _running.Add(running);
        var run = Task.Run(() => RunAsync(running), CancellationToken.None);
        lock (_runsLock) _runs.Add(run);
        _ = run.ContinueWith(finished => { lock (_runsLock) _runs.Remove(finished); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunAsync(RunningJob running)
    {
        StateChange? outcome = null;
        try
        {
            outcome = await _runner.RunAsync(running).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The runner turns job failures into outcomes; reaching here is a bug in Ember. Dropping the lease lets the
            // job be rescued and run again rather than be held forever.
            Log.ProcessFailed(_server.Logger, Name, $"job {running.Fetched.Id}", TimeSpan.Zero, ex);
        }
        finally
        {
            _freeWorkers.Release();
        }
        if (outcome is null) _running.Remove(running);
        else _completions!.Add(running, outcome);
    }

    private Task[] Runs()
    {
        lock (_runsLock) return [.. _runs];
    }

    private async Task RenewLeasesAsync(CancellationToken cancellationToken)
    {
        var leases = _running.Leases();
        if (leases.Length == 0) return;
        var lost = await _store.ExtendLeasesAsync(new ExtendLeasesRequest(Id, leases, _server.Options.LeaseDuration), cancellationToken).ConfigureAwait(false);
        _running.LoseLeases(lost);
    }

    private async Task EnqueueDueAsync(CancellationToken cancellationToken)
    {
        int count;
        do
        {
            count = await _store.EnqueueDueScheduledAsync(new EnqueueDueScheduledRequest(MaintenanceBatch), cancellationToken).ConfigureAwait(false);
            if (count > 0) Log.ScheduledJobsEnqueued(_server.Logger, count);
        } while (count == MaintenanceBatch);
    }

    private async Task FireRecurringAsync(CancellationToken cancellationToken)
    {
        while (await _recurring.FireDueAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            // More may be due (a backlog after downtime): keep going until a pass fires nothing.
        }
    }

    private async Task RescueAsync(CancellationToken cancellationToken)
    {
        var count = await _store.RescueExpiredLeasesAsync(new RescueExpiredLeasesRequest(MaintenanceBatch), cancellationToken).ConfigureAwait(false);
        if (count > 0) Log.JobsRescued(_server.Logger, count);
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        await _store.HeartbeatAsync(Heartbeat(), cancellationToken).ConfigureAwait(false);
        await _store.RemoveDeadServersAsync(new RemoveDeadServersRequest(_server.Options.ServerTimeout), cancellationToken).ConfigureAwait(false);
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        int count;
        do
        {
            count = await _store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(MaintenanceBatch), cancellationToken).ConfigureAwait(false);
            if (count > 0) Log.JobsPruned(_server.Logger, count);
        } while (count == MaintenanceBatch);
    }

    private ServerHeartbeat Heartbeat() => new(Id, Name, _server.Options.WorkerCount, _server.Options.Queues, _startedAt);

    private async Task<bool> FinishesWithinAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, _server.Time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
