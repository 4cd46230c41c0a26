using Ember.Storage;
using Npgsql;

namespace Ember.PostgreSql;

/// <summary>
/// The store as seen from inside an application's transaction (<see cref="PostgreSqlJobStore.Enlist(NpgsqlTransaction)"/>):
/// jobs are created on the application's connection, so they commit or roll back with its work; everything else is
/// the store's own. Notifications are sent by the database at the application's commit, and never on rollback.
/// </summary>
internal sealed class EnlistedJobStore(PostgreSqlJobStore store, NpgsqlConnection connection) : IJobStore
{
    public IJobQueries Queries => store.Queries;

    public Task<CreateJobsResult> CreateJobsAsync(CreateJobsRequest request, CancellationToken cancellationToken = default) =>
        store.CreateJobsOnAsync(connection, request, cancellationToken);

    public Task<CreatedBatch> CreateBatchAsync(CreateBatchRequest request, CancellationToken cancellationToken = default) =>
        store.CreateBatchOnAsync(connection, request, cancellationToken);

    public Task<IReadOnlyList<string>> ReserveIdsAsync(ReserveIdsRequest request, CancellationToken cancellationToken = default) => store.ReserveIdsAsync(request, cancellationToken);
    public Task<bool> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default) => store.CancelBatchAsync(batchId, cancellationToken);
    public Task InitializeAsync(CancellationToken cancellationToken = default) => store.InitializeAsync(cancellationToken);
    public Task<IReadOnlyList<FetchedJob>> FetchJobsAsync(FetchJobsRequest request, CancellationToken cancellationToken = default) => store.FetchJobsAsync(request, cancellationToken);
    public Task<CompleteJobsResult> CompleteJobsAsync(CompleteJobsRequest request, CancellationToken cancellationToken = default) => store.CompleteJobsAsync(request, cancellationToken);
    public Task<bool> ChangeStateAsync(ChangeStateRequest request, CancellationToken cancellationToken = default) => store.ChangeStateAsync(request, cancellationToken);
    public Task<int> ChangeStatesAsync(ChangeStatesRequest request, CancellationToken cancellationToken = default) => store.ChangeStatesAsync(request, cancellationToken);
    public Task<bool> UpdateJobDataAsync(UpdateJobDataRequest request, CancellationToken cancellationToken = default) => store.UpdateJobDataAsync(request, cancellationToken);
    public Task<IReadOnlyList<HeldLease>> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken cancellationToken = default) => store.ExtendLeasesAsync(request, cancellationToken);
    public Task<int> RescueExpiredLeasesAsync(RescueExpiredLeasesRequest request, CancellationToken cancellationToken = default) => store.RescueExpiredLeasesAsync(request, cancellationToken);
    public Task<int> EnqueueDueScheduledAsync(EnqueueDueScheduledRequest request, CancellationToken cancellationToken = default) => store.EnqueueDueScheduledAsync(request, cancellationToken);
    public Task<int> DeleteExpiredJobsAsync(DeleteExpiredJobsRequest request, CancellationToken cancellationToken = default) => store.DeleteExpiredJobsAsync(request, cancellationToken);
    public Task HeartbeatAsync(ServerHeartbeat heartbeat, CancellationToken cancellationToken = default) => store.HeartbeatAsync(heartbeat, cancellationToken);
    public Task RemoveServerAsync(string serverId, CancellationToken cancellationToken = default) => store.RemoveServerAsync(serverId, cancellationToken);
    public Task<int> RemoveDeadServersAsync(RemoveDeadServersRequest request, CancellationToken cancellationToken = default) => store.RemoveDeadServersAsync(request, cancellationToken);
    public Task UpsertRecurringJobAsync(RecurringJobRecord recurringJob, CancellationToken cancellationToken = default) => store.UpsertRecurringJobAsync(recurringJob, cancellationToken);
    public Task<bool> RemoveRecurringJobAsync(string id, CancellationToken cancellationToken = default) => store.RemoveRecurringJobAsync(id, cancellationToken);
    public Task<IReadOnlyList<RecurringJobRecord>> GetDueRecurringJobsAsync(DueRecurringJobsRequest request, CancellationToken cancellationToken = default) => store.GetDueRecurringJobsAsync(request, cancellationToken);
    public Task<IReadOnlyList<string>?> FireRecurringJobAsync(FireRecurringJobRequest request, CancellationToken cancellationToken = default) => store.FireRecurringJobAsync(request, cancellationToken);
    public Task<bool> DisableRecurringJobAsync(DisableRecurringJobRequest request, CancellationToken cancellationToken = default) => store.DisableRecurringJobAsync(request, cancellationToken);
    public Task<bool> SetQueuePausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default) => store.SetQueuePausedAsync(request, cancellationToken);
    public Task<bool> SetRecurringJobPausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default) => store.SetRecurringJobPausedAsync(request, cancellationToken);
    public Task<bool> TryAcquireMutexAsync(MutexRequest request, CancellationToken cancellationToken = default) => store.TryAcquireMutexAsync(request, cancellationToken);
    public Task ReleaseMutexAsync(MutexRequest request, CancellationToken cancellationToken = default) => store.ReleaseMutexAsync(request, cancellationToken);
}
