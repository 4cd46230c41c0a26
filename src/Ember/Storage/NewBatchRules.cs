namespace Ember.Storage;

/// <summary>The checks every store makes on the ids a <see cref="CreateBatchRequest"/> gives, so they fail alike.</summary>
public static class NewBatchRules
{
    /// <summary>
    /// The ids the request gives its jobs and batches (<see cref="NewJob.Id"/>, <see cref="NewBatch.Id"/>), or null
    /// when it gives none and the store draws them. Either every job and every batch created has one, or none does (the
    /// batch attached to, <see cref="CreateBatchRequest.AttachTo"/>, is not created and needs none): ids given are
    /// reserved in call order, so a mix would break their creation order. A parent that is one of these ids is a member
    /// of the same request: the store creates the continuation waiting for it, whatever their order.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Some have an id and some don't; an id is not a job id or is given twice; or a job names itself as its parent.
    /// The store then stores nothing. (Whether each id was reserved from this store is the store's own check.)
    /// </exception>
    public static IReadOnlySet<long>? GivenIds(CreateBatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Batch, nameof(request));
        var ids = new HashSet<long>();
        var missing = 0;
        Collect(request.Batch, request.AttachTo is null, ids, ref missing);
        if (ids.Count == 0) return null;
        if (missing > 0)
            throw new ArgumentException($"{missing} of the batch's jobs and batches have no id while the others have one: give every job and batch a reserved id (IJobStore.ReserveIdsAsync), or none. Nothing was stored.", nameof(request));
        return ids;
    }

    private static void Collect(NewBatch batch, bool created, HashSet<long> ids, ref int missing)
    {
        ArgumentNullException.ThrowIfNull(batch.Jobs, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Batches, nameof(batch));
        if (created) Add(batch.Id, "batch", ids, ref missing);
        foreach (var job in batch.Jobs)
        {
            if (job is null) continue; // the job rules name it
            Add(job.Id, "job", ids, ref missing);
            if (job.Id is not null && NewJobRules.ParentsOf(job).Contains(job.Id, StringComparer.Ordinal))
                throw new ArgumentException($"Job {job.Id} names itself as its parent: it would wait for ever. Nothing was stored.", nameof(batch));
        }
        foreach (var nested in batch.Batches) Collect(nested ?? throw new ArgumentException("A nested batch is null.", nameof(batch)), true, ids, ref missing);
    }

    private static void Add(string? id, string what, HashSet<long> ids, ref int missing)
    {
        if (id is null)
        {
            missing++;
            return;
        }
        if (!StoredValues.TryParseJobId(id, out var value))
            throw new ArgumentException($"The {what} id '{id}' is not one this store reserves (IJobStore.ReserveIdsAsync). Nothing was stored.", nameof(id));
        if (!ids.Add(value))
            throw new ArgumentException($"Id {id} is given to two jobs or batches: each takes its own reserved id. Nothing was stored.", nameof(id));
    }

    /// <summary>
    /// Whether <see cref="RefuseWaitingForOwnBatch"/> needs the batches that hold the batch attached to
    /// (<see cref="CreateBatchRequest.AttachTo"/>): only when the request attaches and some job of it is a continuation.
    /// </summary>
    public static bool NeedsAttachedChain(CreateBatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.AttachTo is not null && HasContinuation(request.Batch);

        static bool HasContinuation(NewBatch batch) =>
            batch.Jobs.Any(job => job?.ParentId is not null) || batch.Batches.Any(nested => nested is not null && HasContinuation(nested));
    }

    /// <summary>
    /// Refuses a job that waits for a batch it is a member of, directly or through nested batches: that batch finishes
    /// after all of its members, so the job would wait for ever (or, with another parent that settles it first, never
    /// run). The batches it is in are those of the request with an id (<see cref="NewBatch.Id"/>) on its path, and, for an
    /// attach, <paramref name="attachedChain"/>: the batch attached to and the batches that hold it, nearest first
    /// (empty when <see cref="NeedsAttachedChain"/> is false). A batch's parent never changes, so the chain may be read
    /// before the store's transaction.
    /// </summary>
    /// <exception cref="ArgumentException">A job waits for a batch it is in; the message names both. The store then stores nothing.</exception>
    public static void RefuseWaitingForOwnBatch(CreateBatchRequest request, IReadOnlyList<string> attachedChain)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(attachedChain);
        var path = new List<string>(attachedChain);
        if (request.AttachTo is null && request.Batch.Id is { } root) path.Add(root);
        Refuse(request.Batch, path);
    }

    private static void Refuse(NewBatch batch, List<string> path)
    {
        foreach (var job in batch.Jobs)
        {
            if (job?.ParentId is null) continue;
            foreach (var parent in NewJobRules.ParentsOf(job))
                if (path.Contains(parent, StringComparer.Ordinal))
                    throw new ArgumentException(
                        $"Job {job.Id ?? "(new)"} is a member of batch {parent} and waits for it, but a batch finishes only after all of its members: it would wait for ever. " +
                        $"Continue batch {parent} from outside it (BatchJob.ContinueBatchWith(\"{parent}\", ...) or a ContinueJobWith(\"{parent}\", ...) that is not attached to it). Nothing was stored.",
                        nameof(batch));
        }
        foreach (var nested in batch.Batches)
        {
            if (nested is null) continue;
            if (nested.Id is { } id) path.Add(id);
            Refuse(nested, path);
            if (nested.Id is not null) path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>The exception for an id that the store never reserved, or that a job or batch already has.</summary>
    public static ArgumentException NotReserved(long id) =>
        new($"Id {StoredValues.JobId(id)} was not reserved from this store (IJobStore.ReserveIdsAsync), or a job or batch has it already. Nothing was stored.", nameof(id));
}
