using System.Runtime.ExceptionServices;
using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

// Batches: created with their jobs in one write transaction; their counts are kept by JobTransitions/BatchTransitions.
public sealed partial class SqliteJobStore
{
    /// <inheritdoc />
    public async Task<CreatedBatch> CreateBatchAsync(CreateBatchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Batch, nameof(request));
        var given = NewBatchRules.GivenIds(request);
        var (created, failure, enqueued) = await _database.WriteAsync((request, Now: SqliteValues.ToMs(_time.GetUtcNow()), Limit: _maxInvocationBytes, Given: given), static (CreatedBatch? Created, Exception? Failure, List<string> Enqueued) (session, s) =>
        {
            var enqueued = new List<string>();
            var parents = new JobCreation.Parents();
            // Everything is checked before the first write: a batch is stored whole or not at all.
            if (s.Given is not null && NotReserved(session, s.Given) is { } taken) return (null, taken, enqueued);
            if (Check(session, s.request.Batch, parents, s.Limit, s.Given) is { } failure) return (null, failure, enqueued);
            try
            {
                NewBatchRules.RefuseWaitingForOwnBatch(s.request, AttachedChain(session, s.request));
            }
            catch (ArgumentException ex)
            {
                return (null, ex, enqueued);
            }
            long batchId;
            if (s.request.AttachTo is { } attachTo)
            {
                if (!StoredValues.TryParseJobId(attachTo, out batchId) || session.Command(BatchSql.SelectState).Bind("$id", batchId).ExecuteScalar() is not string state)
                    return (null, BatchNotFoundException.Missing(attachTo), enqueued);
                if (state != nameof(BatchState.Started))
                    return (null, BatchFinishedException.Attach(attachTo, StoredValues.ParseEnum<BatchState>(state, "batches.state")), enqueued);
                session.Command(BatchSql.AddMembers).Bind("$id", batchId).Bind("$count", s.request.Batch.Jobs.Count + s.request.Batch.Batches.Count).ExecuteNonQuery();
            }
            else
            {
                batchId = InsertBatch(session, s.request.Batch, null, s.Now);
            }
            var jobIds = new List<string>();
            var batchIds = new List<string>();
            var pending = new Stack<JobTransitions.Continuation>();
            var emptyExpireAt = s.request.EmptyBatchExpireAt?.ToUnixTimeMilliseconds();
            AddMembers(session, batchId, s.request.Batch, parents, jobIds, batchIds, s.Now, enqueued, pending, s.request.AttachTo is null ? emptyExpireAt : null, emptyExpireAt);
            if (pending.Count > 0) JobTransitions.ReleaseAll(session, pending, null, s.Now, enqueued);
            return (new CreatedBatch(StoredValues.JobId(batchId), jobIds, batchIds), null, enqueued);
        }, cancellationToken).ConfigureAwait(false);
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
        NotifyEnqueued(enqueued);
        return created!;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ReserveIdsAsync(ReserveIdsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return _database.WriteAsync(request.Count, static IReadOnlyList<string> (session, count) =>
        {
            session.Command(BatchSql.EnsureSequence).ExecuteNonQuery();
            var last = (long)session.Command(BatchSql.ReserveIds).Bind("$count", count).ExecuteScalar()!;
            var ids = new string[count];
            for (var i = 0; i < count; i++) ids[i] = StoredValues.JobId(last - count + 1 + i);
            return ids;
        }, cancellationToken);
    }

    // An id given that the sequence never reached, or that a job or batch has: refused before anything is written.
    private static ArgumentException? NotReserved(WriteSession session, IReadOnlySet<long> given)
    {
        session.Command(BatchSql.EnsureSequence).ExecuteNonQuery();
        var last = (long)session.Command(BatchSql.LastId).ExecuteScalar()!;
        if (given.Max() is var max && max > last) return NewBatchRules.NotReserved(max);
        var json = "[" + string.Join(',', given) + "]";
        if ((long)session.Command(BatchSql.CountTaken).Bind("$ids", json).ExecuteScalar()! == 0) return null;
        return NewBatchRules.NotReserved(given.First(id => session.Command(JobSql.SelectState).Bind("$id", id).ExecuteScalar() is not null
            || session.Command(BatchSql.SelectState).Bind("$id", id).ExecuteScalar() is not null));
    }

    /// <inheritdoc />
    public Task<bool> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        if (!StoredValues.TryParseJobId(batchId, out var id)) return Task.FromResult(false);
        return _database.WriteAsync(id, static (session, id) => session.Command(BatchSql.Cancel).Bind("$id", id).ExecuteNonQuery() == 1, cancellationToken);
    }

    // The batch attached to and the batches holding it, nearest first (NewBatchRules.RefuseWaitingForOwnBatch).
    private static List<string> AttachedChain(WriteSession session, CreateBatchRequest request)
    {
        var chain = new List<string>();
        if (!NewBatchRules.NeedsAttachedChain(request)) return chain;
        chain.Add(request.AttachTo!);
        if (!StoredValues.TryParseJobId(request.AttachTo!, out var id)) return chain;
        while (session.Command(BatchSql.SelectParent).Bind("$id", id).ExecuteScalar() is long parent)
        {
            chain.Add(StoredValues.JobId(parent));
            id = parent;
        }
        return chain;
    }

    private static Exception? Check(WriteSession session, NewBatch batch, JobCreation.Parents parents, int limit, IReadOnlySet<long>? given)
    {
        ArgumentNullException.ThrowIfNull(batch.Jobs, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Batches, nameof(batch));
        if (JobCreation.Check(session, batch.Jobs, parents, limit, given) is { } failure) return failure;
        foreach (var nested in batch.Batches)
            if (Check(session, nested ?? throw new ArgumentException("A nested batch is null.", nameof(batch)), parents, limit, given) is { } nestedFailure) return nestedFailure;
        return null;
    }

    private static long InsertBatch(WriteSession session, NewBatch batch, long? parentBatchId, long now)
    {
        long id;
        if (batch.Id is { } reserved) id = long.Parse(reserved, System.Globalization.CultureInfo.InvariantCulture);
        else
        {
            session.Command(BatchSql.EnsureSequence).ExecuteNonQuery();
            id = (long)session.Command(BatchSql.NextId).ExecuteScalar()!;
        }
        session.Command(BatchSql.Insert)
            .Bind("$id", id).Bind("$description", batch.Description).Bind("$parent_batch_id", parentBatchId).Bind("$now", now)
            .Bind("$total", batch.Jobs.Count + batch.Batches.Count)
            .ExecuteNonQuery();
        return id;
    }

    // The batch's own jobs, then each nested batch with its members, depth first; a batch without members finishes.
    // A batch created without members gets emptyExpireAt (null for the batch attached to: it is not created).
    private static void AddMembers(WriteSession session, long batchId, NewBatch batch, JobCreation.Parents parents, List<string> jobIds, List<string> batchIds,
        long now, List<string> enqueued, Stack<JobTransitions.Continuation> pending, long? emptyExpireAt, long? nestedEmptyExpireAt)
    {
        jobIds.AddRange(JobCreation.Insert(session, batch.Jobs, parents, batchId, now, enqueued));
        foreach (var nested in batch.Batches)
        {
            var nestedId = InsertBatch(session, nested, batchId, now);
            batchIds.Add(StoredValues.JobId(nestedId));
            AddMembers(session, nestedId, nested, parents, jobIds, batchIds, now, enqueued, pending, nestedEmptyExpireAt, nestedEmptyExpireAt);
        }
        if (batch.Jobs.Count + batch.Batches.Count != 0) return;
        BatchTransitions.FinishIfEmpty(session, batchId, now, pending);
        if (emptyExpireAt is not null) session.Command(BatchSql.SetExpiry).Bind("$id", batchId).Bind("$expire_at", emptyExpireAt).ExecuteNonQuery();
    }
}
