namespace Ember;

/// <summary>The state of a background job. <see cref="JobStateTransitions"/> lists the moves allowed between them.</summary>
public enum JobState
{
    /// <summary>Waiting in its queue for a worker.</summary>
    Enqueued,

    /// <summary>Waiting for a point in time (a delayed job or a retry), then enqueued.</summary>
    Scheduled,

    /// <summary>A continuation waiting for its parent job to finish.</summary>
    Awaiting,

    /// <summary>Held by a server's worker under a lease.</summary>
    Processing,

    /// <summary>Ran to completion. Final; expires after <see cref="EmberOptions.JobExpiration"/>.</summary>
    Succeeded,

    /// <summary>Failed and out of retries. Stays until someone requeues or deletes it.</summary>
    Failed,

    /// <summary>Deleted by a user or by a retry policy. Final; expires after <see cref="EmberOptions.JobExpiration"/>.</summary>
    Deleted,
}
