using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

/// <summary>Stores new jobs inside a write transaction: for CreateJobs, and for the jobs a recurring job fires.</summary>
internal static class JobCreation
{
    /// <summary>
    /// Checks every job, then stores them all, in order. A continuation of a parent that has already finished is
    /// released at once. Adds the queue of each job that ends up Enqueued to <paramref name="enqueued"/>.
    /// </summary>
    /// <returns>
    /// The ids; or, when a job is invalid or names a parent that does not exist, the exception to throw after the
    /// transaction, with nothing written. Returned rather than thrown, so the write connection is kept: only a
    /// failure of the database itself makes the store reopen it.
    /// </returns>
    public static (CreateJobsResult? Ids, Exception? Failure) Create(WriteSession session, IReadOnlyList<NewJob> jobs, long now, List<string> enqueued, int maxInvocationBytes)
    {
        var parents = new Parents();
        if (Check(session, jobs, parents, maxInvocationBytes) is { } failure) return (null, failure);
        return (Insert(session, jobs, parents, batchId: null, now, enqueued), null);
    }

    /// <summary>The parents named by the jobs checked so far: their ids and states, read in this transaction.</summary>
    public sealed class Parents : Dictionary<string, (long Id, JobState State)>
    {
        public Parents() : base(StringComparer.Ordinal) { }
    }

    /// <summary>
    /// Checks jobs (each one's rules, then its parents, in the in-memory store's order, so the same batch fails alike)
    /// and reads their parents into <paramref name="parents"/>. Returns the exception to throw, or null.
    /// </summary>
    /// <remarks>
    /// A parent among <paramref name="given"/> (the ids of a batch request, <see cref="NewBatchRules.GivenIds"/>) is a
    /// member of the same request: not read here, but when its continuation is inserted.
    /// </remarks>
    public static Exception? Check(WriteSession session, IReadOnlyList<NewJob> jobs, Parents parents, int maxInvocationBytes, IReadOnlySet<long>? given = null)
    {
        foreach (var job in jobs)
        {
            try
            {
                NewJobRules.Validate(job, maxInvocationBytes, "SqliteStoreOptions.MaxInvocationBytes");
            }
            catch (ArgumentException ex)
            {
                return ex;
            }
            foreach (var parent in NewJobRules.ParentsOf(job))
            {
                if (parents.ContainsKey(parent) || (given is not null && StoredValues.TryParseJobId(parent, out var member) && given.Contains(member))) continue;
                // Read in this transaction: the parent can't be pruned between the check and the insert. A job of this
                // same batch is not stored yet, so it is not found either.
                if (!StoredValues.TryParseJobId(parent, out var parentId) || ParentState(session, parentId) is not { } state)
                    return JobNotFoundException.Parent(parent);
                parents[parent] = (parentId, state);
            }
        }
        return null;
    }

    // A job's state; or a batch's, as a parent sees it (Awaiting while it is Started); null when there is neither.
    private static JobState? ParentState(WriteSession session, long id)
    {
        if (session.Command(JobSql.SelectState).Bind("$id", id).ExecuteScalar() is string state) return StoredValues.ParseState(state);
        if (session.Command(BatchSql.SelectState).Bind("$id", id).ExecuteScalar() is not string batchState) return null;
        return BatchRules.ParentStateOf(StoredValues.ParseEnum<BatchState>(batchState, "batches.state")) ?? JobState.Awaiting;
    }

    /// <summary>Stores jobs checked by <see cref="Check"/>, members of <paramref name="batchId"/> when given.</summary>
    public static CreateJobsResult Insert(WriteSession session, IReadOnlyList<NewJob> jobs, Parents parents, long? batchId, long now, List<string> enqueued)
    {
        var ids = new string[jobs.Count];
        List<int>? existing = null;
        for (var i = 0; i < ids.Length; i++)
        {
            var job = jobs[i];
            // Read in this write transaction (BEGIN IMMEDIATE: no other writer until it commits), so the check and the
            // insert below are one step for every process sharing the file.
            if (job.Unique is { } unique && HolderOf(session, unique, now) is { } holder)
            {
                if (unique.Debounce) Debounce(session, holder, job, now);
                ids[i] = StoredValues.JobId(holder);
                (existing ??= []).Add(i);
                continue;
            }
            // A batch's own writes never change the state of a parent read above: new jobs have no continuations yet.
            var jobParents = NewJobRules.ParentsOf(job).Select(p => parents.TryGetValue(p, out var read) ? read : Member(session, p)).ToArray();
            var id = (long)(job.Id is { } reserved ? session.Command(JobSql.InsertWithId).Bind("$id", long.Parse(reserved, System.Globalization.CultureInfo.InvariantCulture)) : session.Command(JobSql.Insert))
                .Bind("$queue", job.Queue)
                .Bind("$state", StoredValues.Name(job.State))
                .Bind("$invocation", job.Invocation)
                .Bind("$now", now)
                .Bind("$scheduled_at", job.State == JobState.Scheduled ? SqliteValues.ToDb(job.ScheduledAt) : null)
                .Bind("$parent_id", jobParents.Length > 0 ? jobParents[0].Id : null)
                .Bind("$continuation_options", StoredValues.Name(job.ContinuationOptions))
                .Bind("$parameters", job.Parameters is { Count: > 0 } parameters ? StoredValues.ParametersJson(parameters!) : null)
                .Bind("$pending_parents", jobParents.Length > 0 ? jobParents.Count(p => !ContinuationRules.Finishes(p.State)) : null)
                .Bind("$batch_id", batchId)
                .Bind("$concurrency_key", job.Concurrency?.Key)
                .Bind("$concurrency_limit", job.Concurrency?.Limit)
                .ExecuteScalar()!;
            JobTransitions.AddHistory(session, id, job.State, HistoryKind.Created, now, job.Reason, serverId: null);
            session.Counters.Moved(null, job.State, now, job.Queue);
            if (job.State == JobState.Enqueued) enqueued.Add(job.Queue);
            if (jobParents.Length > 0) Link(session, id, job, jobParents, now, enqueued);
            if (job.Unique is { } key) session.Command(UniqueSql.Insert).Bind("$job_id", id).Bind("$key", key.Key).Bind("$now", now).ExecuteNonQuery();
            ids[i] = StoredValues.JobId(id);
        }
        return new CreateJobsResult(ids, existing);
    }

    // A parent that is a member of the same batch request, read as its continuation is inserted: created before it (and
    // maybe finished at once, a continuation deleted at its creation), or not yet, and then not finished: its first
    // finish will count the continuation down through job_parents, as any parent's does.
    private static (long Id, JobState State) Member(WriteSession session, string parent)
    {
        var id = long.Parse(parent, System.Globalization.CultureInfo.InvariantCulture);
        return (id, ParentState(session, id) ?? JobState.Awaiting);
    }

    // Links a new continuation to its parents, and counts down those that have already finished, in order, as if each
    // finished now (ContinuationRules): the first whose state the options don't name deletes it, the last releases it.
    private static void Link(WriteSession session, long id, NewJob job, (long Id, JobState State)[] parents, long now, List<string> enqueued)
    {
        var left = 0;
        for (var position = 0; position < parents.Length; position++)
        {
            var finished = ContinuationRules.Finishes(parents[position].State);
            if (!finished) left++;
            session.Command(JobSql.InsertParent)
                .Bind("$parent_id", parents[position].Id).Bind("$child_id", id).Bind("$position", position).Bind("$waiting", !finished)
                .ExecuteNonQuery();
        }
        var finishedParents = parents.Where(p => ContinuationRules.Finishes(p.State)).ToArray();
        foreach (var parent in finishedParents)
        {
            if (ContinuationRules.ReleaseAfter(parent.State, job.ContinuationOptions, left) is not { } state) continue;
            if (state == JobState.Enqueued && parent != finishedParents[^1]) continue; // the last finished parent releases it
            JobTransitions.Release(session, id, parent.State, state, job.ExpireAtIfDeleted, now, enqueued);
            return;
        }
    }

    private static void Debounce(WriteSession session, long holder, NewJob job, long now)
    {
        var replaced = session.Command(UniqueSql.Debounce)
            .Bind("$id", holder).Bind("$invocation", job.Invocation).Bind("$scheduled_at", SqliteValues.ToDb(job.ScheduledAt))
            .ExecuteNonQuery() == 1;
        if (replaced) JobTransitions.AddHistory(session, holder, JobState.Scheduled, HistoryKind.Debounced, now, job.Reason, serverId: null);
    }

    private static long? HolderOf(WriteSession session, UniqueJobOptions unique, long now) =>
        session.Command(UniqueSql.SelectHolder)
            .Bind("$key", unique.Key)
            .Bind("$since", unique.Period is { } period ? now - (long)period.TotalMilliseconds : 0L)
            .Bind("$states", StoredValues.StatesJson(unique.States))
            .ExecuteScalar() is long holder ? holder : null;
}
