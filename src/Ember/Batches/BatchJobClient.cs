using Ember.Storage;
using Microsoft.Extensions.Logging;

namespace Ember;

/// <summary>The <see cref="IBatchJobClient"/> over a store (<see cref="IJobClientStore"/>: every <see cref="IJobStore"/> is one). Thread-safe; one per application.</summary>
public sealed class BatchJobClient : IBatchJobClient
{
    private static readonly JobState[] Unfinished = [JobState.Enqueued, JobState.Scheduled, JobState.Awaiting, JobState.Processing];
    private readonly BackgroundJobClient _jobs;

    /// <summary>Creates a client.</summary>
    /// <param name="store">Where batches are stored.</param>
    /// <param name="options">Shared options; defaults when null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="logger">Logs each job created at Debug level.</param>
    public BatchJobClient(IJobClientStore store, EmberOptions? options = null, TimeProvider? timeProvider = null, ILogger<BackgroundJobClient>? logger = null) =>
        _jobs = new BackgroundJobClient(store, options, timeProvider, logger);

    /// <inheritdoc />
    public async Task<CreatedBatch> CreateAsync(Action<IBatchAction> createAction, string? description = null, CancellationToken cancellationToken = default) =>
        await StoreAsync(await BuildAsync(createAction, description, attachTo: null, cancellationToken).ConfigureAwait(false), attachTo: null, continuation: null, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<string> StartNewAsync(Action<IBatchAction> createAction, string? description = null, CancellationToken cancellationToken = default) =>
        (await CreateAsync(createAction, description, cancellationToken).ConfigureAwait(false)).BatchId;

    /// <inheritdoc />
    public async Task<string> ContinueBatchWithAsync(string parentBatchId, Action<IBatchAction> createAction, string? description = null,
        BatchContinuationOptions options = BatchContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parentBatchId);
        if (options is not (BatchContinuationOptions.OnlyOnSucceededState or BatchContinuationOptions.OnAnyFinishedState))
            throw new ArgumentOutOfRangeException(nameof(options), options, "A batch continuation runs OnlyOnSucceededState or OnAnyFinishedState.");
        var created = await StoreAsync(await BuildAsync(createAction, description, attachTo: null, cancellationToken).ConfigureAwait(false), attachTo: null, (parentBatchId, (JobContinuationOptions)options), cancellationToken).ConfigureAwait(false);
        return created.BatchId;
    }

    /// <inheritdoc />
    public async Task AttachAsync(string batchId, Action<IBatchAction> createAction, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(batchId);
        await StoreAsync(await BuildAsync(createAction, null, batchId, cancellationToken).ConfigureAwait(false), batchId, continuation: null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> CancelAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(batchId);
        var store = _jobs.Store;
        if (!await store.CancelBatchAsync(batchId, cancellationToken).ConfigureAwait(false)) return false;
        // Nested batches first: each finishes Deleted, one finished member of this one.
        foreach (var nested in await store.Queries.GetBatchesAsync(new BatchListRequest(int.MaxValue) { ParentBatchId = batchId }, cancellationToken).ConfigureAwait(false))
            await CancelAsync(nested.Id, cancellationToken).ConfigureAwait(false);
        // Deleted jobs leave the states listed, so the first page is always the next one.
        foreach (var state in Unfinished)
        {
            while (await store.Queries.GetBatchJobsAsync(new BatchJobsRequest(batchId, BackgroundJobClient.ManyBatchSize) { State = state }, cancellationToken).ConfigureAwait(false) is { Count: > 0 } page)
            {
                if (await _jobs.DeleteManyAsync(page.Select(j => j.Id), cancellationToken).ConfigureAwait(false) == 0) break;
            }
        }
        return true;
    }

    // The batch's id and its first jobs' are reserved before the callback runs, so that each call in it returns an id.
    private async Task<BatchAction> BuildAsync(Action<IBatchAction> createAction, string? description, string? attachTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createAction);
        var ids = await ReservedIds.StartAsync(_jobs.Store, cancellationToken).ConfigureAwait(false);
        var batch = new BatchAction(description, attachTo ?? ids.Next(), ids);
        createAction(batch);
        return batch;
    }

    private async Task<CreatedBatch> StoreAsync(BatchAction batch, string? attachTo, (string ParentId, JobContinuationOptions Options)? continuation, CancellationToken cancellationToken)
    {
        var requests = batch.Flatten();
        if (continuation is { } parent) requests = requests.ConvertAll(r => Continuing(r, parent.ParentId, parent.Options));
        var prepared = await _jobs.PrepareAsync(requests).ConfigureAwait(false);
        if (Array.FindIndex(prepared.Jobs, job => job.Unique is not null) is var unique and >= 0)
            throw new ArgumentException($"Job {prepared.Requests[unique].Job} of the batch has a unique key ({prepared.Jobs[unique].Unique!.Key}), "
                + "but a batch's jobs are always created: a job that already exists can't become a member. Enqueue it outside the batch, or without the key. Nothing was stored.", nameof(batch));
        var next = 0;
        var request = new CreateBatchRequest(batch.ToNewBatch(prepared.Jobs, ref next, attached: attachTo is not null)) { AttachTo = attachTo, EmptyBatchExpireAt = _jobs.FinishedExpireAt };
        CreatedBatch created;
        try
        {
            created = await _jobs.StoreAsync(prepared.Jobs, (request, cancellationToken), static (store, s) => store.CreateBatchAsync(s.request, s.cancellationToken), static c => c.JobIds).ConfigureAwait(false);
        }
        catch (JobNotFoundException ex) when (continuation is { } continued && ex.JobId == continued.ParentId)
        {
            throw new BatchNotFoundException($"Batch {ex.JobId} does not exist, so no batch can continue it. Nothing was stored.", ex) { BatchId = ex.JobId };
        }
        await _jobs.CreatedAsync(prepared, created.JobIds).ConfigureAwait(false);
        return created;
    }

    // A job of a continuation batch waits for the parent batch too.
    private static CreateJobRequest Continuing(CreateJobRequest request, string parentBatchId, JobContinuationOptions options)
    {
        if (request.EnqueueAt is not null || request.Delay is not null)
            throw new ArgumentException("A job of a continuation batch starts when the parent batch finishes, so it can't be scheduled: enqueue it, or schedule it from a job of the batch.", nameof(request));
        if (request.ParentId is null && request.ParentIds is null) return request with { ParentId = parentBatchId, ContinuationOptions = options };
        var parents = request.ParentIds ?? [request.ParentId!];
        return request with { ParentId = null, ParentIds = [.. parents, parentBatchId] };
    }
}
