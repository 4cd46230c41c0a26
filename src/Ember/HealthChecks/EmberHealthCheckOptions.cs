namespace Ember.HealthChecks;

/// <summary>
/// What the Ember health check (<c>services.AddHealthChecks().AddEmber(...)</c>) looks at. The store and this process's
/// servers are always checked; each threshold is off until set. A figure at or over a Degraded threshold reports
/// Degraded, at or over an Unhealthy one the check's failure status (Unhealthy by default).
/// </summary>
public sealed class EmberHealthCheckOptions
{
    /// <summary>How long the store may take to answer all of the check's reads before the check fails. Default 5 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many heartbeat intervals (<see cref="ServerOptions.HeartbeatInterval"/>) a running server of this process may
    /// go without a heartbeat in the registry before the check fails. Default 3.
    /// </summary>
    public int MissedHeartbeats { get; set; } = 3;

    /// <summary>Enqueued jobs (all queues) from which the check reports Degraded. Default null: not checked.</summary>
    public long? DegradedQueueDepth { get; set; }

    /// <summary>Enqueued jobs (all queues) from which the check fails. Default null: not checked.</summary>
    public long? UnhealthyQueueDepth { get; set; }

    /// <summary>
    /// How long the job at the head of a queue may have waited (<see cref="Storage.QueueInfo.OldestEnqueuedAt"/>)
    /// before the check reports Degraded. Default null: not checked.
    /// </summary>
    public TimeSpan? DegradedEnqueuedAge { get; set; }

    /// <summary>How long the job at the head of a queue may have waited before the check fails. Default null: not checked.</summary>
    public TimeSpan? UnhealthyEnqueuedAge { get; set; }

    /// <summary>
    /// Failed jobs in the last hour from which the check reports Degraded. Stores count failures per clock hour (UTC), so
    /// the figure is the failures since the start of the previous clock hour: between one and two hours. Default null:
    /// not checked.
    /// </summary>
    public long? DegradedFailedLastHour { get; set; }

    /// <summary>Failed jobs in the last hour (as <see cref="DegradedFailedLastHour"/> counts them) from which the check fails. Default null: not checked.</summary>
    public long? UnhealthyFailedLastHour { get; set; }

    /// <summary>Throws an exception naming the first option that is out of range and how to fix it.</summary>
    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
            throw new InvalidOperationException($"EmberHealthCheckOptions.Timeout must be positive and at most 10 minutes (was {Timeout}); the default is 5 seconds.");
        if (MissedHeartbeats < 1)
            throw new InvalidOperationException($"EmberHealthCheckOptions.MissedHeartbeats must be at least 1 (was {MissedHeartbeats}); the default is 3.");
        if (DegradedQueueDepth < 0 || UnhealthyQueueDepth < 0 || DegradedFailedLastHour < 0 || UnhealthyFailedLastHour < 0
            || DegradedEnqueuedAge < TimeSpan.Zero || UnhealthyEnqueuedAge < TimeSpan.Zero)
            throw new InvalidOperationException("EmberHealthCheckOptions thresholds must be null (not checked) or 0 or more.");
    }
}
