namespace Ember.Storage;

/// <summary>The checks every store makes on a <see cref="NewJob"/> before storing anything, so they fail alike.</summary>
public static class NewJobRules
{
    /// <summary>The largest invocation (method and arguments, as stored) a store accepts by default: 4 MiB of UTF-8.</summary>
    public const int DefaultMaxInvocationBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the job can't be stored as given, or when its invocation is larger
    /// than <paramref name="maxInvocationBytes"/> (the error names <paramref name="limitName"/>, the option to raise).
    /// A huge argument is refused before anything is written: written, it would hold up every call on the store's
    /// connection behind it, and a client that retries on the timeout would store it twice.
    /// </summary>
    public static void Validate(NewJob job, int maxInvocationBytes, string limitName)
    {
        Validate(job);
        // Cheap first: a UTF-8 character takes at most 3 bytes per UTF-16 unit.
        if ((long)job.Invocation.Length * 3 <= maxInvocationBytes) return;
        var bytes = System.Text.Encoding.UTF8.GetByteCount(job.Invocation);
        if (bytes > maxInvocationBytes)
            throw new ArgumentException(
                $"The job's method and arguments take {bytes:N0} bytes stored; this store accepts at most {maxInvocationBytes:N0} ({limitName}). " +
                "Pass ids or a blob's address and load the data inside the job, or raise the limit.", nameof(job));
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when a job of a <see cref="IJobClientStore.CreateJobsAsync"/> call has an
    /// <see cref="NewJob.Id"/>: ids are given only to the members of a batch (<see cref="IJobClientStore.CreateBatchAsync"/>).
    /// </summary>
    public static void RefuseGivenIds(IReadOnlyList<NewJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        for (var i = 0; i < jobs.Count; i++)
            if (jobs[i]?.Id is { } id)
                throw new ArgumentException($"Job {i} of the call has an id ({id}), but CreateJobs draws every id itself: reserved ids are given only to a batch's jobs (CreateBatchAsync). Nothing was stored.", nameof(jobs));
    }

    /// <summary>The parents of a continuation, in order (<see cref="NewJob.ParentIds"/>, or its one <see cref="NewJob.ParentId"/>); empty for any other job.</summary>
    public static IReadOnlyList<string> ParentsOf(NewJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.ParentIds ?? (job.ParentId is { } parent ? [parent] : []);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the job can't be stored as given.</summary>
    public static void Validate(NewJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!JobStateTransitions.InitialStates.Contains(job.State))
            throw new ArgumentException($"A new job must start Enqueued, Scheduled or Awaiting, not {job.State}.", nameof(job));
        if (job.State == JobState.Scheduled && job.ScheduledAt is null)
            throw new ArgumentException("A Scheduled job needs ScheduledAt: the time it becomes due.", nameof(job));
        if ((job.State == JobState.Awaiting) != (job.ParentId is not null))
            throw new ArgumentException("An Awaiting job (a continuation) needs ParentId, and only an Awaiting job may have one.", nameof(job));
        if (job.ParentIds is { } parents)
        {
            if (parents.Count == 0 || parents[0] != job.ParentId)
                throw new ArgumentException($"A continuation's ParentIds list all its parents, the first being its ParentId ('{job.ParentId}'): set ParentId to ParentIds[0], or leave ParentIds null for one parent.", nameof(job));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var parent in parents)
            {
                ArgumentException.ThrowIfNullOrEmpty(parent, nameof(job));
                if (!seen.Add(parent)) throw new ArgumentException($"A continuation names parent {parent} twice in ParentIds: name each parent once.", nameof(job));
            }
        }
        ArgumentException.ThrowIfNullOrEmpty(job.Queue, nameof(job));
        const JobContinuationOptions known = JobContinuationOptions.OnlyOnSucceededState | JobContinuationOptions.OnlyOnFailedState | JobContinuationOptions.OnlyOnDeletedState;
        if ((job.ContinuationOptions & ~known) != 0)
            throw new ArgumentException($"The continuation options {(int)job.ContinuationOptions} name no known flag: combine OnlyOnSucceededState, OnlyOnFailedState and OnlyOnDeletedState with |, or use OnAnyFinishedState.", nameof(job));
        job.Unique?.Validate();
        job.Concurrency?.Validate();
        if (job.Unique is { Debounce: true } && job.State != JobState.Scheduled)
            throw new ArgumentException($"A debounced job (unique key '{job.Unique.Key}') must start Scheduled: its due time is what a later enqueue pushes back.", nameof(job));
    }
}
