using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// A job the server claimed ahead of its workers (see <see cref="JobBuffer"/>): its lease is held and renewed like a
/// running job's, but its method has not started, so handing it back costs nothing but a write.
/// </summary>
internal sealed class BufferedJob(FetchedJob fetched, DateTimeOffset leaseExpiresAt)
{
    private long _leaseExpiresAtTicks = leaseExpiresAt.UtcTicks;
    private volatile bool _leaseLost;

    public FetchedJob Fetched { get; } = fetched;

    /// <summary>The rate limits whose permits were taken at claim (<see cref="ClaimPermits"/>); null when left to the run.</summary>
    public RateLimitOptions[]? RateLimits { get; init; }

    /// <summary>The last moment it may start on the permits taken at claim (or renewed since, while buffered).</summary>
    public DateTimeOffset? RatePermitUntil { get; set; }

    /// <summary>When a renewal of its permits was refused: the change that puts it off (the run writes it without starting).</summary>
    public StateChange? RateRefusal { get; set; }

    public HeldLease Lease => new(Fetched.Id, Fetched.LeaseToken);

    /// <summary>When the lease runs out by this server's reckoning, as the last renewal set it.</summary>
    public DateTimeOffset LeaseExpiresAt => new(Interlocked.Read(ref _leaseExpiresAtTicks), TimeSpan.Zero);

    /// <summary>The store said this server no longer holds the job (deleted or requeued while buffered): don't run it.</summary>
    public bool LeaseLost => _leaseLost;

    public void ExtendLease(DateTimeOffset expiresAt) => Interlocked.Exchange(ref _leaseExpiresAtTicks, expiresAt.UtcTicks);

    public void LoseLease() => _leaseLost = true;
}
