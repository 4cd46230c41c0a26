using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// One job a server holds: its lease, and the cancellation token its method receives. The token fires when the server
/// shuts down past its timeout, when the job times out, or when the server learns it lost the lease (job deleted,
/// requeued or rescued, or its lease about to lapse unrenewed) — and the flags say which, so the outcome can be told
/// apart from a failure.
/// </summary>
internal sealed class RunningJob : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly ServerContext _server;
    private readonly CancellationTokenSource _leaseFence;
    private volatile bool _leaseLost;

    public RunningJob(FetchedJob fetched, DateTimeOffset leaseExpiresAt, ServerContext server, CancellationToken serverCancellation)
    {
        Fetched = fetched;
        _server = server;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(serverCancellation);
        ServerCancellation = serverCancellation;
        if (server.Options.JobTimeout is { } limit) LimitTo(limit);
        _leaseFence = new CancellationTokenSource(Timeout.InfiniteTimeSpan, server.Time);
        _leaseFence.Token.UnsafeRegister(static state => ((RunningJob)state!).FenceLapsedLease(), this);
        ExtendLease(leaseExpiresAt);
    }

    public FetchedJob Fetched { get; }

    /// <summary>
    /// The rate limits its permits were taken for: at claim (then set from the buffer), or by the run just before it
    /// starts. Null while no permit was taken (a job without limits, or before the run's check).
    /// </summary>
    public RateLimitOptions[]? RateLimits { get; set; }

    /// <summary>The last moment it may start on its permits (else it takes them again): see <see cref="RateLimits"/>.</summary>
    public DateTimeOffset? RatePermitUntil { get; set; }

    /// <summary>When its permits, renewed while it was buffered, were refused: the change that puts it off.</summary>
    public StateChange? RateRefusal { get; init; }

    /// <summary>Whether the run was counted in <c>ember.jobs.started</c> (once it got past its rate limits).</summary>
    public bool StartRecorded { get; set; }

    /// <summary>The loaded job and its filters, once loaded: the completion writer runs its apply-state filters.</summary>
    public Job? Job { get; private set; }

    public Filters.JobFilters Filters { get; private set; } = Ember.Filters.JobFilters.None;

    /// <summary>The cultures the job was enqueued in, from its invocation, once loaded (null names: not captured).</summary>
    public Ember.Culture.CapturedCulture Culture { get; private set; }

    public void Attach(Job job, Filters.JobFilters filters, Ember.Culture.CapturedCulture culture)
    {
        Job = job;
        Filters = filters;
        Culture = culture;
    }

    public HeldLease Lease => new(Fetched.Id, Fetched.LeaseToken);

    /// <summary>The token passed to the job's method.</summary>
    public CancellationToken Token => _cancellation.Token;

    private CancellationToken ServerCancellation { get; }

    private CancellationTokenSource? TimeoutCancellation { get; set; }

    /// <summary>The time limit of this run, if any: the server's, or the job's own once it is loaded (see <see cref="LimitTo"/>).</summary>
    public TimeSpan? TimeLimit { get; private set; }

    /// <summary>
    /// Limits the run to <paramref name="limit"/> from now, replacing the limit it had: the job's own
    /// (<see cref="JobTimeoutAttribute"/>, <see cref="EnqueueOptions.Timeout"/>) is known only once it is loaded.
    /// </summary>
    public void LimitTo(TimeSpan limit)
    {
        if (TimeLimit == limit) return;
        TimeoutCancellation?.Dispose();
        TimeLimit = limit;
        TimeoutCancellation = new CancellationTokenSource(limit, _server.Time);
        TimeoutCancellation.Token.UnsafeRegister(static state => ((RunningJob)state!).Cancel(), this);
    }

    public bool LeaseLost => _leaseLost;

    public bool ServerShuttingDown => ServerCancellation.IsCancellationRequested;

    public bool TimedOut => TimeoutCancellation?.IsCancellationRequested == true;

    /// <summary>
    /// The lease now runs out at <paramref name="expiresAt"/> by this server's reckoning. Unless renewed again, the run
    /// is cancelled one renewal interval before that (the margin covers clock skew and a rescuer's reaction), because
    /// another server may rescue the job once the lease lapses. A timer, not the renewal loop, keeps that deadline, so
    /// it holds while a renewal hangs on an unreachable store as well as when it fails fast.
    /// </summary>
    public void ExtendLease(DateTimeOffset expiresAt)
    {
        var fenceIn = expiresAt - _server.Options.LeaseRenewInterval - _server.Time.GetUtcNow();
        try
        {
            _leaseFence.CancelAfter(fenceIn > TimeSpan.Zero ? fenceIn : TimeSpan.Zero);
        }
        catch (ObjectDisposedException)
        {
            // The run ended while its lease was being renewed.
        }
    }

    /// <summary>
    /// Called once when the server lets go of the job (outcome written or dropped, or no outcome). The fetcher uses it
    /// to free the job's worker slot, or to count the job's outcome as written (see WorkerPool.RunAsync).
    /// </summary>
    public Action? OnReleased { get; set; }

    /// <summary>The store says this server no longer holds the job (or its lease lapsed): stop the run.</summary>
    public void LoseLease()
    {
        _leaseLost = true;
        Cancel();
    }

    private void FenceLapsedLease()
    {
        Log.LeaseLapsed(_server.Logger, Fetched.Id, _server.Name);
        LoseLease();
    }

    private void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended meanwhile; nothing left to cancel.
        }
    }

    public void Dispose()
    {
        TimeoutCancellation?.Dispose();
        _leaseFence.Dispose();
        _cancellation.Dispose();
    }
}
