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
        // Checked in the in-memory store's order (each job's rules, then its parent), so the same batch fails alike.
        Dictionary<string, (long Id, JobState State)>? parents = null;
        foreach (var job in jobs)
        {
            try
            {
                NewJobRules.Validate(job, maxInvocationBytes, "SqliteStoreOptions.MaxInvocationBytes");
            }
            catch (ArgumentException ex)
            {
                return (null, ex);
            }
            if (job.ParentId is not { } parent || (parents?.ContainsKey(parent) ?? false)) continue;
            // Read in this transaction: the parent can't be pruned between the check and the insert. A job of this
            // same batch is not stored yet, so it is not found either.
            if (!StoredValues.TryParseJobId(parent, out var parentId)
                || session.Command(JobSql.SelectState).Bind("$id", parentId).ExecuteScalar() is not string state)
                return (null, JobNotFoundException.Parent(parent));
            (parents ??= new(StringComparer.Ordinal))[parent] = (parentId, StoredValues.ParseState(state));
        }

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
            var parent = job.ParentId is { } parentText ? parents![parentText] : default((long Id, JobState State)?);
            var id = (long)session.Command(JobSql.Insert)
                .Bind("$queue", job.Queue)
                .Bind("$state", StoredValues.Name(job.State))
                .Bind("$invocation", job.Invocation)
                .Bind("$now", now)
                .Bind("$scheduled_at", job.State == JobState.Scheduled ? SqliteValues.ToDb(job.ScheduledAt) : null)
                .Bind("$parent_id", parent?.Id)
                .Bind("$continuation_options", StoredValues.Name(job.ContinuationOptions))
                .Bind("$parameters", job.Parameters is { Count: > 0 } parameters ? StoredValues.ParametersJson(parameters!) : null)
                .ExecuteScalar()!;
            JobTransitions.AddHistory(session, id, job.State, HistoryKind.Created, now, job.Reason, serverId: null);
            session.Counters.Moved(null, job.State, now, job.Queue);
            if (job.State == JobState.Enqueued) enqueued.Add(job.Queue);
            if (parent is { } p && ContinuationRules.Finishes(p.State))
                JobTransitions.Release(session, id, job.ContinuationOptions, p.Id, p.State, job.ExpireAtIfDeleted, now, enqueued);
            if (job.Unique is { } key) session.Command(UniqueSql.Insert).Bind("$job_id", id).Bind("$key", key.Key).Bind("$now", now).ExecuteNonQuery();
            ids[i] = StoredValues.JobId(id);
        }
        return (new CreateJobsResult(ids, existing), null);
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
