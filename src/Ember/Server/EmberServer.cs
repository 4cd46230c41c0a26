using Ember.Invocations;
using Ember.Recurring;
using Ember.Retry;
using Ember.Server;
using Ember.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember;

/// <summary>
/// Processes jobs from a store: claims batches a round trip ahead of its workers (many jobs per fetch under a
/// backlog, one at once when a lone job arrives), runs them as async tasks, writes outcomes in batches, keeps leases
/// alive, and runs the background duties (scheduler, recurring jobs, rescuer, heartbeat, pruner). Several servers, in one process or many, can share a store. With <c>AddEmber(e => e.AddServer())</c> the
/// host runs it; Hangfire calls the same thing <c>BackgroundJobServer</c>.
/// </summary>
public sealed class EmberServer : IAsyncDisposable
{
    private static readonly TimeSpan RegistryRemovalTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long disposal waits, beyond the shutdown timeout, for outcomes to be written. 10 s.</summary>
    public static readonly TimeSpan DisposeGrace = TimeSpan.FromSeconds(10);
    private readonly IJobStore _store;
    private readonly InvocationBinder _binder;
    private readonly EmberOptions _emberOptions;
    private readonly ServerContext _server;
    private readonly RunningJobs _running = new();
    private readonly WorkSignal _workSignal = new();
    private readonly JobBuffer _buffer = new();
    private readonly ServerMaintenance _maintenance;
    private readonly LeaseKeeper _leases;
    private readonly CompletionWriter _completions;
    private readonly WorkerPool _workers;
    private readonly Fetcher _fetcher;
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _abortFetch = new();
    private readonly CancellationTokenSource _stopMaintenance = new();
    private readonly CancellationTokenSource _abortCompletions = new();
    private IDisposable? _subscription;
    private Task _fetching = Task.CompletedTask;
    private Task _dispatching = Task.CompletedTask;
    private Task[] _duties = [];
    private int _state; // see State

    // For the health check: whether this server should be heartbeating, and how often.
    internal bool IsRunning => Volatile.Read(ref _state) == (int)State.Running;

    internal TimeSpan HeartbeatInterval => _server.Options.HeartbeatInterval;

    /// <summary>Creates a server; call <see cref="StartAsync"/> to begin processing.</summary>
    /// <param name="store">The store to take jobs from.</param>
    /// <param name="options">This server's options; defaults when null. Validated here.</param>
    /// <param name="emberOptions">Shared options (retries, expiration, serialization, filters); defaults when null.</param>
    /// <param name="activator">Creates job instances; <see cref="ServerOptions.Activator"/> when null, else parameterless constructors.</param>
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
        var name = options.ServerName ?? $"{Environment.MachineName.ToLowerInvariant()}:{Environment.ProcessId}";
        _server = new ServerContext($"{name}:{Guid.NewGuid().ToString("N")[..8]}", name, options, time, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Ember.Server"));
        _store = store;
        var binder = new InvocationBinder(emberOptions.SerializerOptions);
        (_binder, _emberOptions) = (binder, emberOptions);
        var applyStateFilters = new ApplyStateFilterRunner(_server);
        var runner = new JobRunner(binder, activator ?? options.Activator ?? new JobActivator(), new RetryPolicy(emberOptions.Retry, emberOptions.JobExpiration), emberOptions, store, _server, applyStateFilters);
        _maintenance = new ServerMaintenance(store, new RecurringScheduler(store, binder, time, _server.Logger, emberOptions), _server, time.GetUtcNow());
        _leases = new LeaseKeeper(store, _running, _buffer, _server);
        _completions = new CompletionWriter(store, _running, applyStateFilters, _server);
        var pacer = new PrefetchPacer(options.MaxPrefetchedJobs, time);
        var demand = new WorkSignal();
        var permits = new ClaimPermits(store, _server);
        _workers = new WorkerPool(_buffer, pacer, runner, _running, _completions, demand, permits, _server);
        _fetcher = new Fetcher(store, _buffer, pacer, _workers, _workSignal, demand, permits, _server);
    }

    private enum State
    {
        New,
        Starting,
        Running,
        Stopped,
    }

    /// <summary>Whether a start warms the hot path first (<see cref="HotPathWarmup"/>): off for the warm-up's own server.</summary>
    internal bool WarmsUp { get; init; } = true;

    /// <summary>The unique id of this server instance in the server registry.</summary>
    public string Id => _server.Id;

    /// <summary>The readable name of this server.</summary>
    public string Name => _server.Name;

    /// <summary>Initializes the store, registers the server and starts processing. Returns once started.</summary>
    /// <exception cref="InvalidOperationException">The server was already started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, (int)State.Starting, (int)State.New) != (int)State.New)
            throw new InvalidOperationException("An EmberServer can be started only once.");
        try
        {
            await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            await _store.HeartbeatAsync(_maintenance.Heartbeat, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing was started: a failed start leaves a server that can be disposed (and started again).
            _state = (int)State.New;
            throw;
        }

        var queues = _server.Options.Queues.ToHashSet(StringComparer.Ordinal);
        if (_store.GetCapability<IJobNotifications>() is { } notifications)
            _subscription = notifications.Subscribe(queue => { if (queues.Contains(queue)) _workSignal.Set(); });
        if (WarmsUp) await WarmUpAsync().ConfigureAwait(false);
        PoolThreadReservation.Reserve(_server.Options.WorkerCount);
        // The loops started below outlive this call: they must not trace into whatever activity is starting the server.
        System.Diagnostics.Activity.Current = null;
        _completions.Start(_abortCompletions.Token);
        _dispatching = Task.Run(() => _workers.RunAsync(_stopFetching.Token), CancellationToken.None);
        _fetching = Task.Run(() => _fetcher.RunAsync(_stopFetching.Token, _abortFetch.Token), CancellationToken.None);
        var options = _server.Options;
        _duties =
        [
            Periodic("lease renewal", options.LeaseRenewInterval, _leases.RenewAsync),
            Periodic("scheduler", options.SchedulePollingInterval, _maintenance.EnqueueDueAsync),
            Periodic("recurring scheduler", options.SchedulePollingInterval, _maintenance.FireRecurringAsync),
            Periodic("rescuer", options.RescueInterval, _maintenance.RescueAsync),
            // The first beat was written above, before the server counted as started.
            Periodic("heartbeat", options.HeartbeatInterval, _maintenance.HeartbeatAsync, firstAfterInterval: true),
            Periodic("pruner", options.PruneInterval, _maintenance.PruneAsync),
        ];
        _state = (int)State.Running;
        Log.ServerStarted(_server.Logger, Name, options.WorkerCount, options.Queues);
    }

    /// <summary>
    /// Stops gracefully: no new jobs are fetched or started, and those claimed but not started go back to their queue;
    /// running jobs get <see cref="ServerOptions.ShutdownTimeout"/> to finish, then their token fires and those still
    /// unfinished are handed back to their queue. When
    /// <paramref name="cancellationToken"/> fires first (the host's own shutdown timeout), the rest is abandoned: those
    /// jobs' leases expire and other servers run them again. Never throws because the store is down.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, (int)State.Stopped, (int)State.Running) != (int)State.Running) return;
        try
        {
            await _stopFetching.CancelAsync().ConfigureAwait(false);
            _subscription?.Dispose();
            using (cancellationToken.Register(() => _abortFetch.Cancel()))
            {
                await Task.WhenAll(_fetching, _dispatching).ConfigureAwait(false);
                await _fetcher.HandBackBufferedAsync(cancellationToken).ConfigureAwait(false);
            }

            Log.ServerStopping(_server.Logger, Name, _server.Options.ShutdownTimeout, _workers.Runs().Length);
            if (!await FinishesWithinAsync(Task.WhenAll(_workers.Runs()), _server.Options.ShutdownTimeout, cancellationToken).ConfigureAwait(false))
            {
                Log.ServerCancellingJobs(_server.Logger, Name, _workers.Runs().Length);
                await _workers.CancelJobs.CancelAsync().ConfigureAwait(false);
                await FinishesWithinAsync(Task.WhenAll(_workers.Runs()), Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            }
            using (cancellationToken.Register(() => _abortCompletions.Cancel()))
                await _completions.FlushAndStopAsync().ConfigureAwait(false);
        }
        finally
        {
            // Whatever happened above, the background duties stop and the registry entry goes.
            await _stopMaintenance.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_duties).ConfigureAwait(false);
            await RemoveFromRegistryAsync().ConfigureAwait(false);
            PoolThreadReservation.Release(_server.Options.WorkerCount);
            Log.ServerStopped(_server.Logger, Name);
        }
    }

    /// <summary>
    /// Stops (see <see cref="StopAsync"/>) if running, giving up on what is left after the shutdown timeout plus
    /// <see cref="DisposeGrace"/>, so that disposal can't hang on an unreachable store; then releases resources.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        using (var deadline = new CancellationTokenSource(_server.Options.ShutdownTimeout + DisposeGrace, _server.Time))
            await StopAsync(deadline.Token).ConfigureAwait(false);
        _stopFetching.Dispose();
        _abortFetch.Dispose();
        _stopMaintenance.Dispose();
        _abortCompletions.Dispose();
        _workers.Dispose();
    }

    // Best effort: a warm-up that fails costs the first job its speed, never the server its start.
    private async Task WarmUpAsync()
    {
        try
        {
            await HotPathWarmup.RunAsync(_binder, _emberOptions, _store).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.WarmupFailed(_server.Logger, Name, ex);
        }
    }

    private Task Periodic(string name, TimeSpan interval, Func<CancellationToken, Task> step, bool firstAfterInterval = false) =>
        Task.Run(() => PeriodicProcess.RunAsync(name, interval, step, _server, _stopMaintenance.Token, firstAfterInterval), CancellationToken.None);

    private async Task RemoveFromRegistryAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(RegistryRemovalTimeout, _server.Time);
            await _store.RemoveServerAsync(Id, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The registry entry times out on its own; stopping must not fail because the store is down.
            Log.ProcessFailed(_server.Logger, Name, "server registry removal", TimeSpan.Zero, ex);
        }
    }

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
