using Ember.Storage;

namespace Ember.InMemory;

public sealed partial class InMemoryJobStore
{
    /// <inheritdoc />
    public Task<CreatedBatch> CreateBatchAsync(CreateBatchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Batch, nameof(request));
        var given = NewBatchRules.GivenIds(request);
        CreatedBatch created;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (given is not null)
                foreach (var id in given)
                    if (id > _lastId || _jobs.ContainsKey(id) || _batches.ContainsKey(id)) throw NewBatchRules.NotReserved(id);
            CheckBatch(request.Batch, given);
            NewBatchRules.RefuseWaitingForOwnBatch(request, AttachedChain(request));
            StoredBatch batch;
            if (request.AttachTo is { } attachTo)
            {
                if (!StoredValues.TryParseJobId(attachTo, out var attachId) || !_batches.TryGetValue(attachId, out batch!)) throw BatchNotFoundException.Missing(attachTo);
                if (batch.State != BatchState.Started) throw BatchFinishedException.Attach(attachTo, batch.State);
                batch.Total += request.Batch.Jobs.Count + request.Batch.Batches.Count;
            }
            else
            {
                batch = NewStoredBatch(request.Batch, null, now);
            }
            var jobIds = new List<string>();
            var batchIds = new List<string>();
            AddMembers(batch, request.Batch, jobIds, batchIds, now, request.AttachTo is null ? request.EmptyBatchExpireAt : null, request.EmptyBatchExpireAt);
            created = new CreatedBatch(StoredValues.JobId(batch.Id), jobIds, batchIds);
        }
        FlushNotifications();
        return Task.FromResult(created);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ReserveIdsAsync(ReserveIdsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var ids = new string[request.Count];
        lock (_lock)
            for (var i = 0; i < ids.Length; i++) ids[i] = StoredValues.JobId(++_lastId);
        return Task.FromResult<IReadOnlyList<string>>(ids);
    }

    /// <inheritdoc />
    public Task<bool> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!StoredValues.TryParseJobId(batchId, out var id) || !_batches.TryGetValue(id, out var batch) || batch.State != BatchState.Started) return Task.FromResult(false);
            batch.Cancelled = true;
            return Task.FromResult(true);
        }
    }

    // The batch attached to and the batches holding it, nearest first (NewBatchRules.RefuseWaitingForOwnBatch).
    private List<string> AttachedChain(CreateBatchRequest request)
    {
        var chain = new List<string>();
        if (!NewBatchRules.NeedsAttachedChain(request)) return chain;
        chain.Add(request.AttachTo!);
        if (!StoredValues.TryParseJobId(request.AttachTo!, out var id)) return chain;
        while (_batches.TryGetValue(id, out var batch) && batch.ParentBatchId is { } parent)
        {
            chain.Add(StoredValues.JobId(parent));
            id = parent;
        }
        return chain;
    }

    // Every job of a batch and of the batches nested in it, depth first, before anything is stored.
    private void CheckBatch(NewBatch batch, IReadOnlySet<long>? given)
    {
        ArgumentNullException.ThrowIfNull(batch.Jobs, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Batches, nameof(batch));
        Check(batch.Jobs, given);
        foreach (var nested in batch.Batches) CheckBatch(nested ?? throw new ArgumentException("A nested batch is null.", nameof(batch)), given);
    }

    private StoredBatch NewStoredBatch(NewBatch spec, StoredBatch? parent, DateTimeOffset now)
    {
        var batch = new StoredBatch(spec.Id is { } given ? long.Parse(given, System.Globalization.CultureInfo.InvariantCulture) : ++_lastId, spec.Description, parent?.Id, now) { Total = spec.Jobs.Count + spec.Batches.Count };
        _batches.Add(batch.Id, batch);
        if (parent is not null) parent.NestedBatches++;
        return batch;
    }

    // The batch's own jobs, then each nested batch with its members; a batch left without members finishes at once.
    // A batch created without members expires at emptyExpireAt (null for the batch attached to: it is not created).
    private void AddMembers(StoredBatch batch, NewBatch spec, List<string> jobIds, List<string> batchIds, DateTimeOffset now, DateTimeOffset? emptyExpireAt, DateTimeOffset? nestedEmptyExpireAt)
    {
        jobIds.AddRange(Create(spec.Jobs, now, batch));
        foreach (var nestedSpec in spec.Batches)
        {
            var nested = NewStoredBatch(nestedSpec, batch, now);
            batchIds.Add(StoredValues.JobId(nested.Id));
            AddMembers(nested, nestedSpec, jobIds, batchIds, now, nestedEmptyExpireAt, nestedEmptyExpireAt);
        }
        if (batch.Total != 0) return;
        FinishIfDone(batch, null, now);
        if (emptyExpireAt is { } expireAt)
        {
            batch.ExpireAt = expireAt;
            _expiringBatches.Add((expireAt, batch.Id));
        }
    }

    // A member moved (a job from one state to another, or a nested batch finished): the batch's counts follow, and the
    // batch finishes when the last member has (BatchRules).
    private void CountMember(long batchId, JobState? from, JobState to, DateTimeOffset? continuationsExpireAt, DateTimeOffset now)
    {
        var batch = _batches[batchId];
        batch.Succeeded += BatchRules.Delta(from, to, JobState.Succeeded);
        batch.Failed += BatchRules.Delta(from, to, JobState.Failed);
        batch.Deleted += BatchRules.Delta(from, to, JobState.Deleted);
        FinishIfDone(batch, continuationsExpireAt, now);
    }

    private void FinishIfDone(StoredBatch batch, DateTimeOffset? continuationsExpireAt, DateTimeOffset now)
    {
        if (batch.State != BatchState.Started || batch.Succeeded + batch.Failed + batch.Deleted < batch.Total) return;
        batch.State = BatchRules.FinishedState(batch.Cancelled, batch.Failed, batch.Deleted);
        batch.FinishedAt = now;
        var outcome = BatchRules.ParentStateOf(batch.State)!.Value;
        if (_continuations.TryGetValue(batch.Id, out var children))
            foreach (var child in children.Select(id => _jobs[id]).ToList())
                CountDown(child, batch.Id, outcome, continuationsExpireAt, now);
        if (batch.ParentBatchId is { } parent) CountMember(parent, null, outcome, continuationsExpireAt, now);
    }

    // A finished batch goes once its last job was pruned and its nested batches went before it (BatchRules): then its
    // parent may go in turn. Its links to its continuations go with it, as a pruned job's do.
    private void PruneIfEmpty(long batchId)
    {
        while (_batches.TryGetValue(batchId, out var batch) && batch.State != BatchState.Started && batch.Jobs.Count == 0 && batch.NestedBatches == 0)
        {
            _batches.Remove(batchId);
            if (batch.ExpireAt is { } expireAt) _expiringBatches.Remove((expireAt, batchId));
            _continuations.Remove(batchId);
            if (batch.ParentBatchId is not { } parent) return;
            _batches[parent].NestedBatches--;
            batchId = parent;
        }
    }
}
