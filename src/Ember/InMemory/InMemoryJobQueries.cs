using Ember.Storage;

namespace Ember.InMemory;

internal sealed class InMemoryJobQueries(InMemoryJobStore store) : IJobQueries
{
    public Task<JobDetails?> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read(view =>
            StoredValues.TryParseJobId(jobId, out var id)
            && view.Jobs.TryGetValue(id, out var job)
                ? new JobDetails(job.ToInfo(), job.History.ToArray()) { Log = job.Log?.ToArray() ?? [], ParentIds = job.ParentIds?.Select(StoredValues.JobId).ToArray() ?? [] }
                : null));

    public Task<IReadOnlyDictionary<JobState, long>> GetStateCountsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read(view => view.Statistics.Snapshot().Counts));

    public Task<JobStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read(view => view.Statistics.Snapshot()));

    public Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read<IReadOnlyList<QueueInfo>>(view => view.EnqueuedByQueue.Keys.Union(view.ParkedByQueue.Keys, StringComparer.Ordinal)
            // Jobs parked by a full concurrency key are Enqueued too, only set aside from the fetch.
            .Select(name => (Name: name, Ids: view.EnqueuedByQueue.GetValueOrDefault(name) ?? [], Parked: view.ParkedByQueue.GetValueOrDefault(name) ?? []))
            .Where(q => q.Ids.Count + q.Parked.Count > 0)
            .Select(q => new QueueInfo(q.Name, q.Ids.Count + q.Parked.Count)
            {
                OldestEnqueuedAt = view.Jobs[q.Ids.Count == 0 ? q.Parked.Min : q.Parked.Count == 0 ? q.Ids.Min : Math.Min(q.Ids.Min, q.Parked.Min)].StateChangedAt,
            })
            .OrderBy(q => q.Name, StringComparer.Ordinal).ToArray()));

    public Task<IReadOnlyList<HourlyCounts>> GetHourlyCountsAsync(HourlyCountsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hours = request.Hours();
        return Task.FromResult(store.Read(view => view.Statistics.Hourly(hours)));
    }

    public Task<IReadOnlyList<FailureGroup>> GetFailureGroupsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read<IReadOnlyList<FailureGroup>>(view => view.Jobs.Values
            .Where(j => j.State == JobState.Failed)
            .GroupBy(j => j.LastError?.Type)
            .Select(g => new FailureGroup(g.Key, g.LongCount()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.ExceptionType, StringComparer.Ordinal).ToArray()));

    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(JobListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A BeforeId that names no job (malformed) bounds nothing below it: the page is empty, as in the other stores.
        var before = request.BeforeId is null ? long.MaxValue : StoredValues.TryParseJobId(request.BeforeId, out var key) ? key : long.MinValue;
        return Task.FromResult(store.Read<IReadOnlyList<JobInfo>>(view => view.Jobs.Values
            .Where(j => j.State == request.State && j.Id < before && Matches(j, request))
            .OrderByDescending(j => j.Id)
            .Skip(Math.Max(0, request.Offset)).Take(Math.Max(0, request.Count))
            .Select(j => j.ToInfo()).ToArray()));
    }

    private static bool Matches(InMemoryJobStore.StoredJob job, JobListRequest request) =>
        (request.Queue is null || job.Queue == request.Queue)
        && (request.ExceptionType is null || job.LastError?.Type == request.ExceptionType)
        && (!request.WithErrorOnly || job.LastError is not null)
        && (request.Search is not { } text
            || job.IdText == text
            || job.Invocation.Contains(text, StringComparison.OrdinalIgnoreCase));

    public Task<RecurringJobRecord?> GetRecurringJobAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read(view => view.Recurring.GetValueOrDefault(id)));

    public Task<IReadOnlyList<RecurringJobRecord>> GetRecurringJobsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read<IReadOnlyList<RecurringJobRecord>>(view =>
            view.Recurring.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray()));

    public Task<IReadOnlyList<string>> GetPausedQueuesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read<IReadOnlyList<string>>(view => view.PausedQueues.Order(StringComparer.Ordinal).ToArray()));

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetContinuationIdsAsync(string parentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read<IReadOnlyList<string>>(view =>
            StoredValues.TryParseJobId(parentId, out var id)
            && view.Continuations.TryGetValue(id, out var children)
                ? children.Order().Select(StoredValues.JobId).ToArray()
                : []));

    public Task<IReadOnlyList<ServerInfo>> GetServersAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read<IReadOnlyList<ServerInfo>>(view =>
            view.Servers.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray()));

    public Task<BatchInfo?> GetBatchAsync(string batchId, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read(view =>
            StoredValues.TryParseJobId(batchId, out var id) && view.Batches.TryGetValue(id, out var batch) ? Info(view, batch) : null));

    public Task<IReadOnlyList<BatchInfo>> GetBatchesAsync(BatchListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        long? parent = request.ParentBatchId is { } text ? (StoredValues.TryParseJobId(text, out var p) ? p : -1) : null;
        var before = request.BeforeId is { } b && StoredValues.TryParseJobId(b, out var beforeId) ? beforeId : long.MaxValue;
        return Task.FromResult(store.Read<IReadOnlyList<BatchInfo>>(view => view.Batches.Values
            .Where(batch => batch.ParentBatchId == parent && batch.Id < before)
            .OrderByDescending(batch => batch.Id).Take(request.Count).Select(batch => Info(view, batch)).ToArray()));
    }

    public Task<IReadOnlyList<JobInfo>> GetBatchJobsAsync(BatchJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var before = request.BeforeId is { } b && StoredValues.TryParseJobId(b, out var beforeId) ? beforeId : long.MaxValue;
        return Task.FromResult(store.Read<IReadOnlyList<JobInfo>>(view =>
            StoredValues.TryParseJobId(request.BatchId, out var id) && view.Batches.TryGetValue(id, out var batch)
                ? batch.Jobs.Where(j => j < before && view.Jobs.ContainsKey(j)).Select(j => view.Jobs[j])
                    .Where(j => request.State is not { } state || j.State == state)
                    .OrderByDescending(j => j.Id).Take(request.Count).Select(j => j.ToInfo()).ToArray()
                : []));
    }

    private static BatchInfo Info(InMemoryJobStore.ReadView view, InMemoryJobStore.StoredBatch batch) => new()
    {
        Id = StoredValues.JobId(batch.Id), Description = batch.Description, State = batch.State,
        ParentBatchId = batch.ParentBatchId is { } parent ? StoredValues.JobId(parent) : null,
        CreatedAt = batch.CreatedAt, FinishedAt = batch.FinishedAt, Cancelled = batch.Cancelled, Total = batch.Total,
        Succeeded = batch.Succeeded, Failed = batch.Failed, Deleted = batch.Deleted,
        Running = batch.Jobs.Count(j => view.Jobs.TryGetValue(j, out var job) && job.State == JobState.Processing),
    };

    public Task<IReadOnlyList<ConcurrencyKeyInfo>> GetConcurrencyKeysAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(store.ConcurrencyKeys());

    public Task<IReadOnlyList<RateLimitInfo>> GetRateLimitsAsync(RateLimitListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return Task.FromResult(store.RateLimits(request));
    }
}
