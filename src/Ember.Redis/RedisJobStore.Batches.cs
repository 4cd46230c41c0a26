using System.Text.Json;
using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

// Batches: created with their jobs by one script (create_batch.lua); their counts are kept by common.lua's applyOne.
public sealed partial class RedisJobStore
{
    /// <inheritdoc />
    public async Task<CreatedBatch> CreateBatchAsync(CreateBatchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Batch, nameof(request));
        var given = NewBatchRules.GivenIds(request);
        if (request.AttachTo is { } attach && !RedisValues.IsJobId(attach)) throw BatchNotFoundException.Missing(attach);
        NewBatchRules.RefuseWaitingForOwnBatch(request, await AttachedChainAsync(request, cancellationToken).ConfigureAwait(false));
        var batches = new List<RedisNewBatch.Entry>();
        var jobs = new List<NewJob>();
        var positions = new List<int>();
        Flatten(request.Batch, null, batches, jobs, positions);
        NewJobsJson(jobs, _maxInvocationBytes, _time.GetUtcNow()); // checks every job first, as CreateJobs does
        var json = JsonSerializer.Serialize(new RedisNewBatch
        {
            Batches = batches,
            Jobs = jobs.Select((job, i) => RedisNewJob.From(job) with { Batch = positions[i], Id = job.Id }).ToArray(),
        }, RedisJsonContext.Default.RedisNewBatch);
        var args = Args(RedisScripts.CreateBatch, 4);
        args.Add(json);
        args.Add(request.AttachTo ?? "");
        args.Add(given is null ? "" : "1");
        args.Add(request.EmptyBatchExpireAt is { } expireAt ? RedisValues.Ms(expireAt) : "");
        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await _connection.EvaluateWriteAsync(RedisScripts.CreateBatch, [.. args]).ConfigureAwait(false))!;
        }
        catch (BatchDoneMarkerException ex)
        {
            throw BatchFinishedException.Attach(request.AttachTo!, ex.State);
        }
        _work.Notify(result[2]);
        var batchIds = ToStrings(result[0]);
        return new CreatedBatch(batchIds[0], ToStrings(result[1]), batchIds[1..]);
    }

    // The batch attached to and the batches holding it, nearest first (NewBatchRules.RefuseWaitingForOwnBatch). Read
    // before the script: a batch's parent never changes, and one pruned meanwhile is not found by the script.
    private async Task<List<string>> AttachedChainAsync(CreateBatchRequest request, CancellationToken cancellationToken)
    {
        var chain = new List<string>();
        if (!NewBatchRules.NeedsAttachedChain(request)) return chain;
        for (string? id = request.AttachTo; id is not null; id = (await Queries.GetBatchAsync(id, cancellationToken).ConfigureAwait(false))?.ParentBatchId)
            chain.Add(id);
        return chain;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ReserveIdsAsync(ReserveIdsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var args = Args(RedisScripts.ReserveIds, 1);
        args.Add(request.Count);
        var last = (long)await _connection.EvaluateAsync(RedisScripts.ReserveIds, [.. args]).ConfigureAwait(false);
        var ids = new string[request.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = StoredValues.JobId(last - request.Count + 1 + i);
        return ids;
    }

    /// <inheritdoc />
    public async Task<bool> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        if (!RedisValues.IsJobId(batchId)) return false;
        var args = Args(RedisScripts.CancelBatch, 1);
        args.Add(batchId);
        return (int)await _connection.EvaluateAsync(RedisScripts.CancelBatch, [.. args]).ConfigureAwait(false) == 1;
    }

    // Depth first, as create_batch.lua numbers them: a batch, its own jobs, then each nested batch with its members.
    private static void Flatten(NewBatch batch, int? parent, List<RedisNewBatch.Entry> batches, List<NewJob> jobs, List<int> positions)
    {
        ArgumentNullException.ThrowIfNull(batch.Jobs, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Batches, nameof(batch));
        var position = batches.Count;
        batches.Add(new RedisNewBatch.Entry { Id = batch.Id, Description = batch.Description, Parent = parent, Total = batch.Jobs.Count + batch.Batches.Count });
        foreach (var job in batch.Jobs)
        {
            jobs.Add(job);
            positions.Add(position);
        }
        foreach (var nested in batch.Batches) Flatten(nested ?? throw new ArgumentException("A nested batch is null.", nameof(batch)), position, batches, jobs, positions);
    }
}
