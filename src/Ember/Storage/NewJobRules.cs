namespace Ember.Storage;

/// <summary>The checks every store makes on a <see cref="NewJob"/> before storing anything, so they fail alike.</summary>
public static class NewJobRules
{
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
        ArgumentException.ThrowIfNullOrEmpty(job.Queue, nameof(job));
        const JobContinuationOptions known = JobContinuationOptions.OnlyOnSucceededState | JobContinuationOptions.OnlyOnFailedState | JobContinuationOptions.OnlyOnDeletedState;
        if ((job.ContinuationOptions & ~known) != 0)
            throw new ArgumentException($"The continuation options {(int)job.ContinuationOptions} name no known flag: combine OnlyOnSucceededState, OnlyOnFailedState and OnlyOnDeletedState with |, or use OnAnyFinishedState.", nameof(job));
    }
}
