using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// Renews the leases of a server's running and buffered jobs every <see cref="ServerOptions.LeaseRenewInterval"/>,
/// cancels the runs the store says were lost (deleted, requeued, rescued) and marks such buffered jobs so that they are
/// never started. When renewal fails or hangs (store unreachable), it keeps trying at the same interval, never backing off past the lease, while each run's own fence
/// (<see cref="RunningJob.ExtendLease"/>) cancels it before its lease could lapse and another server rescue it. That
/// is what makes "a long job never runs twice while its server lives" hold through store outages.
/// </summary>
internal sealed class LeaseKeeper(IJobStore store, RunningJobs running, JobBuffer buffer, ServerContext server)
{
    private int _failures;

    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        var leases = running.Snapshot();
        var buffered = buffer.Snapshot();
        if (leases.Length == 0 && buffered.Length == 0) return;
        var renewedAt = server.Time.GetUtcNow();
        try
        {
            var held = leases.Select(j => j.Lease).Concat(buffered.Select(j => j.Lease)).ToArray();
            var lost = await store.ExtendLeasesAsync(new ExtendLeasesRequest(server.Id, held, server.Options.LeaseDuration), cancellationToken).ConfigureAwait(false);
            var lostSet = lost.ToHashSet();
            var expiresAt = renewedAt + server.Options.LeaseDuration;
            foreach (var job in leases)
                if (!lostSet.Contains(job.Lease)) job.ExtendLease(expiresAt);
            foreach (var job in buffered)
                if (!lostSet.Contains(job.Lease)) job.ExtendLease(expiresAt);
            running.LoseLeases(lost);
            buffer.LoseLeases(lost);
            if (_failures > 0) Log.ProcessRecovered(server.Logger, server.Name, "lease renewal");
            _failures = 0;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            if (_failures++ == 0) Log.ProcessFailed(server.Logger, server.Name, "lease renewal", server.Options.LeaseRenewInterval, ex);
        }
    }
}
