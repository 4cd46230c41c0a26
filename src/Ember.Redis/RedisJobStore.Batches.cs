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
        CheckNewJobs(jobs, _maxInvocationBytes); // every job, before the first chunk is staged
        var staged = given is null ? null : await StageAsync(request, batches, jobs, positions).ConfigureAwait(false);
        var json = JsonSerializer.Serialize(new RedisNewBatch
        {
            Batches = batches,
            Jobs = jobs.Select((job, i) => (job, i)).Where(j => staged?.Jobs[j.i] != true).Select(j => RedisNewJob.From(j.job) with { Batch = positions[j.i], Id = j.job.Id }).ToArray(),
        }, RedisJsonContext.Default.RedisNewBatch);
        var args = Args(RedisScripts.CreateBatch, 6);
        args.Add(json);
        args.Add(request.AttachTo ?? "");
        args.Add(given is null ? "" : "1");
        args.Add(request.EmptyBatchExpireAt is { } expireAt ? RedisValues.Ms(expireAt) : "");
        args.Add(staged?.Token ?? "");
        args.Add(staged?.Count ?? 0);
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
        var created = ToStrings(result[1]);
        if (staged is not null)
        {
            // The staged jobs are not in the script's answer: every job of the request, in order, with its own id.
            var next = 0;
            created = [.. jobs.Select((job, i) => staged.Jobs[i] ? job.Id! : created[next++])];
        }
        return new CreatedBatch(batchIds[0], created, batchIds[1..]);
    }

    /// <summary>Jobs per stage_batch_jobs.lua call: 2,500 took up to 0.6 s of Redis's time on the loaded 2-core test machine (docs/benchmarks.md), the longest script of a large batch's creation.</summary>
    internal const int StageChunkSize = 2_500;

    /// <summary>How long a stage waits for its next chunk or its commit before it is given up: the pruner (DeleteExpiredJobs) collects it then, so a client that died between them leaves nothing for long.</summary>
    internal static readonly TimeSpan StageLifetime = TimeSpan.FromHours(1);

    // A batch with more than StageChunkSize jobs that can be staged (with reserved ids, Enqueued or Scheduled, no
    // parents, no unique or concurrency key) writes them in chunks ahead of create_batch, each its own short script,
    // hidden from every reader and writer until then; create_batch then checks everything and makes them visible with
    // the batch, so that creation is still all or nothing while no script holds Redis for long. Null when the batch
    // goes in one script.
    private async Task<Staged?> StageAsync(CreateBatchRequest request, List<RedisNewBatch.Entry> batches, List<NewJob> jobs, List<int> positions)
    {
        var stageable = jobs.Select(job => job.ParentId is null && job.Unique is null && job.Concurrency is null && job.State is JobState.Enqueued or JobState.Scheduled).ToArray();
        var count = stageable.Count(s => s);
        if (count <= StageChunkSize) return null;
        var batchIds = batches.Select((b, i) => b.Id ?? (i == 0 ? request.AttachTo : null) ?? throw new InvalidOperationException("A staged batch needs every batch id reserved.")).ToArray();
        string? token = null;
        var staged = 0;
        var chunk = new List<RedisNewJob>(StageChunkSize);
        for (var i = 0; i < jobs.Count; i++)
        {
            if (!stageable[i]) continue;
            chunk.Add(RedisNewJob.From(jobs[i]) with { Batch = positions[i], Id = jobs[i].Id });
            if (chunk.Count < StageChunkSize && staged + chunk.Count < count) continue;
            token = await StageChunkAsync(token, staged, batchIds, chunk).ConfigureAwait(false);
            staged += chunk.Count;
            chunk.Clear();
        }
        return new Staged(token!, count, stageable);
    }

    // The stage of a batch: its token, how many jobs it holds, and which of the request's jobs are among them.
    private sealed record Staged(string Token, int Count, bool[] Jobs);

    /// <summary>
    /// Stages one chunk (stage_batch_jobs.lua) under <paramref name="token"/> (null for the first: the script draws
    /// one), after <paramref name="before"/> jobs staged by the earlier chunks; returns the token.
    /// </summary>
    internal async Task<string> StageChunkAsync(string? token, int before, string[] batchIds, IReadOnlyList<RedisNewJob> chunk)
    {
        var now = _time.GetUtcNow();
        var args = Args(now, 4);
        args.Add(JsonSerializer.Serialize(new RedisStagedJobs { BatchIds = batchIds, Jobs = chunk }, RedisJsonContext.Default.RedisStagedJobs));
        args.Add(token ?? "");
        args.Add(before);
        args.Add(RedisValues.Ms(now + StageLifetime));
        var result = (RedisResult[])(await _connection.EvaluateWriteAsync(RedisScripts.StageBatchJobs, [.. args]).ConfigureAwait(false))!;
        return (string)result[0]!;
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
