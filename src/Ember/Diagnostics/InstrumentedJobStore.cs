using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ember.Storage;

namespace Ember;

/// <summary>
/// Wraps a store so that every call is traced and timed once, at the boundary, whatever the store (Oban's
/// <c>with_span</c> around each engine call): a client span "{operation} {store}" and the histogram
/// <c>ember.store.operation.duration</c>, tagged with the store's name, the operation and its batch sizes.
/// <c>AddEmber</c> applies it. With nobody listening a call costs two checks on top of the store's own.
/// Capabilities of the wrapped store stay visible through <see cref="GetCapability{T}"/>; the read side
/// (<see cref="Queries"/>) is the store's own, untraced.
/// </summary>
public sealed class InstrumentedJobStore : IJobStore
{
    private static readonly Histogram<double> Duration = EmberDiagnostics.Meter.CreateHistogram<double>(
        "ember.store.operation.duration", "s", "How long store calls took, by store, operation and error type.");

    private readonly IJobStore _inner;
    private readonly string _name;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The store to instrument.</param>
    /// <param name="name">The <c>ember.store.name</c> tag; by default the store's type name without "JobStore", lower case (e.g. "sqlite").</param>
    public InstrumentedJobStore(IJobStore inner, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _name = name ?? NameOf(inner);
    }

    /// <summary>The store's name on spans and metrics.</summary>
    public string Name => _name;

    /// <summary>The store this one wraps.</summary>
    public IJobStore Inner => _inner;

    private static bool Observed => EmberDiagnostics.ActivitySource.HasListeners() || Duration.Enabled;

    /// <inheritdoc />
    public IJobQueries Queries => _inner.Queries;

    /// <inheritdoc />
    public T? GetCapability<T>() where T : class => this as T ?? _inner.GetCapability<T>();

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("initialize", null, () => _inner.InitializeAsync(cancellationToken)) : _inner.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    public Task<CreateJobsResult> CreateJobsAsync(CreateJobsRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("create_jobs", request?.Jobs.Count, () => _inner.CreateJobsAsync(request!, cancellationToken), r => r.Count) : _inner.CreateJobsAsync(request!, cancellationToken);

    /// <inheritdoc />
    public Task<CreatedBatch> CreateBatchAsync(CreateBatchRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("create_batch", request?.Batch.Jobs.Count, () => _inner.CreateBatchAsync(request!, cancellationToken), r => r.JobIds.Count) : _inner.CreateBatchAsync(request!, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ReserveIdsAsync(ReserveIdsRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("reserve_ids", request?.Count, () => _inner.ReserveIdsAsync(request!, cancellationToken), r => r.Count) : _inner.ReserveIdsAsync(request!, cancellationToken);

    /// <inheritdoc />
    public Task<bool> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("cancel_batch", null, () => _inner.CancelBatchAsync(batchId, cancellationToken), Count) : _inner.CancelBatchAsync(batchId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<FetchedJob>> FetchJobsAsync(FetchJobsRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("fetch_jobs", request?.Count, () => _inner.FetchJobsAsync(request!, cancellationToken), r => r.Count) : _inner.FetchJobsAsync(request!, cancellationToken);

    /// <inheritdoc />
    public Task<CompleteJobsResult> CompleteJobsAsync(CompleteJobsRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("complete_jobs", request?.Completions.Count, () => _inner.CompleteJobsAsync(request!, cancellationToken), r => r.Results.Count(c => c == CompletionResult.Applied)) : _inner.CompleteJobsAsync(request!, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateJobDataAsync(UpdateJobDataRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("update_job_data", null, () => _inner.UpdateJobDataAsync(request, cancellationToken), Count) : _inner.UpdateJobDataAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ChangeStateAsync(ChangeStateRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("change_state", null, () => _inner.ChangeStateAsync(request, cancellationToken), Count) : _inner.ChangeStateAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<int> ChangeStatesAsync(ChangeStatesRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("change_states", request.JobIds.Count, () => _inner.ChangeStatesAsync(request, cancellationToken), n => n) : _inner.ChangeStatesAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetQueuePausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("set_queue_paused", null, () => _inner.SetQueuePausedAsync(request, cancellationToken), Count) : _inner.SetQueuePausedAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetRecurringJobPausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("set_recurring_job_paused", null, () => _inner.SetRecurringJobPausedAsync(request, cancellationToken), Count) : _inner.SetRecurringJobPausedAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<HeldLease>> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("extend_leases", request?.Leases.Count, () => _inner.ExtendLeasesAsync(request!, cancellationToken), r => r.Count) : _inner.ExtendLeasesAsync(request!, cancellationToken);

    /// <inheritdoc />
    public Task<int> RescueExpiredLeasesAsync(RescueExpiredLeasesRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("rescue_expired_leases", request?.MaxCount, () => _inner.RescueExpiredLeasesAsync(request!, cancellationToken), r => r) : _inner.RescueExpiredLeasesAsync(request!, cancellationToken);

    /// <inheritdoc />
    public Task<int> EnqueueDueScheduledAsync(EnqueueDueScheduledRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("enqueue_due_scheduled", request?.MaxCount, () => _inner.EnqueueDueScheduledAsync(request!, cancellationToken), r => r) : _inner.EnqueueDueScheduledAsync(request!, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteExpiredJobsAsync(DeleteExpiredJobsRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("delete_expired_jobs", request?.MaxCount, () => _inner.DeleteExpiredJobsAsync(request!, cancellationToken), r => r) : _inner.DeleteExpiredJobsAsync(request!, cancellationToken);

    /// <inheritdoc />
    public Task HeartbeatAsync(ServerHeartbeat heartbeat, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("heartbeat", null, () => _inner.HeartbeatAsync(heartbeat, cancellationToken)) : _inner.HeartbeatAsync(heartbeat, cancellationToken);

    /// <inheritdoc />
    public Task RemoveServerAsync(string serverId, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("remove_server", null, () => _inner.RemoveServerAsync(serverId, cancellationToken)) : _inner.RemoveServerAsync(serverId, cancellationToken);

    /// <inheritdoc />
    public Task<int> RemoveDeadServersAsync(RemoveDeadServersRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("remove_dead_servers", null, () => _inner.RemoveDeadServersAsync(request, cancellationToken), r => r) : _inner.RemoveDeadServersAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task UpsertRecurringJobAsync(RecurringJobRecord recurringJob, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("upsert_recurring_job", null, () => _inner.UpsertRecurringJobAsync(recurringJob, cancellationToken)) : _inner.UpsertRecurringJobAsync(recurringJob, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveRecurringJobAsync(string id, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("remove_recurring_job", null, () => _inner.RemoveRecurringJobAsync(id, cancellationToken), Count) : _inner.RemoveRecurringJobAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RecurringJobRecord>> GetDueRecurringJobsAsync(DueRecurringJobsRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("get_due_recurring_jobs", request?.MaxCount, () => _inner.GetDueRecurringJobsAsync(request!, cancellationToken), r => r.Count) : _inner.GetDueRecurringJobsAsync(request!, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>?> FireRecurringJobAsync(FireRecurringJobRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("fire_recurring_job", null, () => _inner.FireRecurringJobAsync(request, cancellationToken), r => r?.Count ?? 0) : _inner.FireRecurringJobAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DisableRecurringJobAsync(DisableRecurringJobRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("disable_recurring_job", null, () => _inner.DisableRecurringJobAsync(request, cancellationToken), Count) : _inner.DisableRecurringJobAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryAcquireMutexAsync(MutexRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("try_acquire_mutex", null, () => _inner.TryAcquireMutexAsync(request, cancellationToken), Count) : _inner.TryAcquireMutexAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task SetConcurrencyLimitAsync(SetConcurrencyLimitRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("set_concurrency_limit", null, () => _inner.SetConcurrencyLimitAsync(request, cancellationToken)) : _inner.SetConcurrencyLimitAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task ReleaseMutexAsync(MutexRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("release_mutex", null, () => _inner.ReleaseMutexAsync(request, cancellationToken)) : _inner.ReleaseMutexAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RatePermitResult>> TakeRatePermitsAsync(TakeRatePermitsRequest request, CancellationToken cancellationToken = default) =>
        Observed ? TraceAsync("take_rate_permits", request?.Runs.Count, () => _inner.TakeRatePermitsAsync(request!, cancellationToken), r => r.Count(p => p.IsGranted)) : _inner.TakeRatePermitsAsync(request!, cancellationToken);

    private static int Count(bool done) => done ? 1 : 0;

    private async Task TraceAsync(string operation, int? batch, Func<Task> call) =>
        await TraceAsync(operation, batch, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    private async Task<T> TraceAsync<T>(string operation, int? batch, Func<Task<T>> call, Func<T, int>? resultCount = null)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = EmberDiagnostics.ActivitySource.StartActivity(operation + " " + _name, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag(EmberTags.StoreName, _name);
            activity.SetTag(EmberTags.StoreOperation, operation);
            if (batch is { } size) activity.SetTag(EmberTags.StoreBatchSize, size);
        }
        try
        {
            var result = await call().ConfigureAwait(false);
            if (activity is not null && resultCount is not null) activity.SetTag(EmberTags.StoreResultCount, resultCount(result));
            Record(operation, started, null);
            return result;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message).SetTag(EmberTags.ErrorType, ex.GetType().FullName);
            Record(operation, started, ex);
            throw;
        }
    }

    private void Record(string operation, long started, Exception? error)
    {
        if (!Duration.Enabled) return;
        var tags = new TagList { { EmberTags.StoreName, _name }, { EmberTags.StoreOperation, operation } };
        if (error is not null) tags.Add(EmberTags.ErrorType, error.GetType().FullName);
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    private static string NameOf(IJobStore store)
    {
        var type = store.GetType().Name;
        return (type.EndsWith("JobStore", StringComparison.Ordinal) && type.Length > "JobStore".Length ? type[..^"JobStore".Length] : type).ToLowerInvariant();
    }
}
