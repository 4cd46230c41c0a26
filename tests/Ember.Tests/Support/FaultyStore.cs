using Ember.Storage;

namespace Ember.Tests.Support;

/// <summary>
/// A real store (in-memory by default) whose operations can be made to fail on demand: how tests check that the server
/// goes on through store outages and poisoned rows. No behaviour is faked; calls either fail or reach the real store.
/// </summary>
public sealed class FaultyStore(IJobStore inner) : IJobStore, IJobNotifications, IJobStoreWarmUp
{
    /// <summary>Called with the operation's name (and the request); return an exception to throw it instead.</summary>
    public Func<string, object?, Exception?> Fault { get; set; } = (_, _) => null;

    /// <summary>Awaited before each operation reaches the store (by name): a slow store, or one held at a gate.</summary>
    public Func<string, Task> Before { get; set; } = _ => Task.CompletedTask;

    public IJobQueries Queries => inner.Queries;

    public IDisposable Subscribe(Action<string> onWork) => ((IJobNotifications)inner).Subscribe(onWork);

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Run(nameof(InitializeAsync), null, () => inner.InitializeAsync(cancellationToken));
    public Task<CreateJobsResult> CreateJobsAsync(CreateJobsRequest request, CancellationToken cancellationToken = default) => Run(nameof(CreateJobsAsync), request, () => inner.CreateJobsAsync(request, cancellationToken));
    public Task WarmUpAsync(CreateJobsRequest sample, CancellationToken cancellationToken = default) =>
        Run(nameof(WarmUpAsync), sample, () => inner.GetCapability<IJobStoreWarmUp>()?.WarmUpAsync(sample, cancellationToken) ?? Task.CompletedTask);
    public Task<CreatedBatch> CreateBatchAsync(CreateBatchRequest request, CancellationToken cancellationToken = default) => Run(nameof(CreateBatchAsync), request, () => inner.CreateBatchAsync(request, cancellationToken));
    public Task<IReadOnlyList<string>> ReserveIdsAsync(ReserveIdsRequest request, CancellationToken cancellationToken = default) => Run(nameof(ReserveIdsAsync), request, () => inner.ReserveIdsAsync(request, cancellationToken));
    public Task<bool> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default) => Run(nameof(CancelBatchAsync), batchId, () => inner.CancelBatchAsync(batchId, cancellationToken));
    public Task<IReadOnlyList<FetchedJob>> FetchJobsAsync(FetchJobsRequest request, CancellationToken cancellationToken = default) => Run(nameof(FetchJobsAsync), request, () => inner.FetchJobsAsync(request, cancellationToken));
    public Task<CompleteJobsResult> CompleteJobsAsync(CompleteJobsRequest request, CancellationToken cancellationToken = default) => Run(nameof(CompleteJobsAsync), request, () => inner.CompleteJobsAsync(request, cancellationToken));
    public Task<bool> ChangeStateAsync(ChangeStateRequest request, CancellationToken cancellationToken = default) => Run(nameof(ChangeStateAsync), request, () => inner.ChangeStateAsync(request, cancellationToken));
    public Task<bool> UpdateJobDataAsync(UpdateJobDataRequest request, CancellationToken cancellationToken = default) => Run(nameof(UpdateJobDataAsync), request, () => inner.UpdateJobDataAsync(request, cancellationToken));
    public Task<IReadOnlyList<HeldLease>> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken cancellationToken = default) => Run(nameof(ExtendLeasesAsync), request, () => inner.ExtendLeasesAsync(request, cancellationToken));
    public Task<int> RescueExpiredLeasesAsync(RescueExpiredLeasesRequest request, CancellationToken cancellationToken = default) => Run(nameof(RescueExpiredLeasesAsync), request, () => inner.RescueExpiredLeasesAsync(request, cancellationToken));
    public Task<int> EnqueueDueScheduledAsync(EnqueueDueScheduledRequest request, CancellationToken cancellationToken = default) => Run(nameof(EnqueueDueScheduledAsync), request, () => inner.EnqueueDueScheduledAsync(request, cancellationToken));
    public Task<int> DeleteExpiredJobsAsync(DeleteExpiredJobsRequest request, CancellationToken cancellationToken = default) => Run(nameof(DeleteExpiredJobsAsync), request, () => inner.DeleteExpiredJobsAsync(request, cancellationToken));
    public Task HeartbeatAsync(ServerHeartbeat heartbeat, CancellationToken cancellationToken = default) => Run(nameof(HeartbeatAsync), heartbeat, () => inner.HeartbeatAsync(heartbeat, cancellationToken));
    public Task RemoveServerAsync(string serverId, CancellationToken cancellationToken = default) => Run(nameof(RemoveServerAsync), serverId, () => inner.RemoveServerAsync(serverId, cancellationToken));
    public Task<int> RemoveDeadServersAsync(RemoveDeadServersRequest request, CancellationToken cancellationToken = default) => Run(nameof(RemoveDeadServersAsync), request, () => inner.RemoveDeadServersAsync(request, cancellationToken));
    public Task UpsertRecurringJobAsync(RecurringJobRecord recurringJob, CancellationToken cancellationToken = default) => Run(nameof(UpsertRecurringJobAsync), recurringJob, () => inner.UpsertRecurringJobAsync(recurringJob, cancellationToken));
    public Task<bool> RemoveRecurringJobAsync(string id, CancellationToken cancellationToken = default) => Run(nameof(RemoveRecurringJobAsync), id, () => inner.RemoveRecurringJobAsync(id, cancellationToken));
    public Task<IReadOnlyList<RecurringJobRecord>> GetDueRecurringJobsAsync(DueRecurringJobsRequest request, CancellationToken cancellationToken = default) => Run(nameof(GetDueRecurringJobsAsync), request, () => inner.GetDueRecurringJobsAsync(request, cancellationToken));
    public Task<IReadOnlyList<string>?> FireRecurringJobAsync(FireRecurringJobRequest request, CancellationToken cancellationToken = default) => Run(nameof(FireRecurringJobAsync), request, () => inner.FireRecurringJobAsync(request, cancellationToken));
    public Task<bool> DisableRecurringJobAsync(DisableRecurringJobRequest request, CancellationToken cancellationToken = default) => Run(nameof(DisableRecurringJobAsync), request, () => inner.DisableRecurringJobAsync(request, cancellationToken));
    public Task<bool> SetQueuePausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default) => Run(nameof(SetQueuePausedAsync), request, () => inner.SetQueuePausedAsync(request, cancellationToken));
    public Task<bool> SetRecurringJobPausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default) => Run(nameof(SetRecurringJobPausedAsync), request, () => inner.SetRecurringJobPausedAsync(request, cancellationToken));
    public Task<bool> TryAcquireMutexAsync(MutexRequest request, CancellationToken cancellationToken = default) => Run(nameof(TryAcquireMutexAsync), request, () => inner.TryAcquireMutexAsync(request, cancellationToken));
    public Task SetConcurrencyLimitAsync(SetConcurrencyLimitRequest request, CancellationToken cancellationToken = default) => Run(nameof(SetConcurrencyLimitAsync), request, () => inner.SetConcurrencyLimitAsync(request, cancellationToken));
    public Task ReleaseMutexAsync(MutexRequest request, CancellationToken cancellationToken = default) => Run(nameof(ReleaseMutexAsync), request, () => inner.ReleaseMutexAsync(request, cancellationToken));
    public Task<IReadOnlyList<RatePermitResult>> TakeRatePermitsAsync(TakeRatePermitsRequest request, CancellationToken cancellationToken = default) => Run(nameof(TakeRatePermitsAsync), request, () => inner.TakeRatePermitsAsync(request, cancellationToken));

    private async Task<T> Run<T>(string operation, object? request, Func<Task<T>> call)
    {
        if (Fault(operation, request) is { } error) throw error;
        await Before(operation);
        return await call();
    }

    private async Task Run(string operation, object? request, Func<Task> call)
    {
        if (Fault(operation, request) is { } error) throw error;
        await Before(operation);
        await call();
    }
}
