using Ember.Recurring;
using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// The background duties every server runs: enqueue due scheduled jobs, fire due recurring jobs, rescue jobs of
/// dead servers, report to the server registry, and prune expired jobs. Each is idempotent in the store, so any
/// number of servers can run them at once.
/// </summary>
internal sealed class ServerMaintenance(IJobStore store, RecurringScheduler recurring, ServerContext server, DateTimeOffset startedAt)
{
    private const int Batch = 1000;

    public ServerHeartbeat Heartbeat => new(server.Id, server.Name, server.Options.WorkerCount, server.Options.Queues, startedAt);

    public async Task EnqueueDueAsync(CancellationToken cancellationToken)
    {
        int count;
        do
        {
            count = await store.EnqueueDueScheduledAsync(new EnqueueDueScheduledRequest(Batch), cancellationToken).ConfigureAwait(false);
            if (count > 0) Log.ScheduledJobsEnqueued(server.Logger, count);
        } while (count == Batch);
    }

    public async Task FireRecurringAsync(CancellationToken cancellationToken)
    {
        while (await recurring.FireDueAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            // More may be due (a backlog after downtime): keep going until a pass fires nothing.
        }
    }

    public async Task RescueAsync(CancellationToken cancellationToken)
    {
        var count = await store.RescueExpiredLeasesAsync(new RescueExpiredLeasesRequest(Batch), cancellationToken).ConfigureAwait(false);
        if (count <= 0) return;
        Log.JobsRescued(server.Logger, count);
        JobMetrics.Rescued.Add(count);
    }

    public async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        await store.HeartbeatAsync(Heartbeat, cancellationToken).ConfigureAwait(false);
        await store.RemoveDeadServersAsync(new RemoveDeadServersRequest(server.Options.ServerTimeout), cancellationToken).ConfigureAwait(false);
    }

    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        int count;
        do
        {
            count = await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(Batch), cancellationToken).ConfigureAwait(false);
            if (count > 0) Log.JobsPruned(server.Logger, count);
        } while (count == Batch);
    }
}
