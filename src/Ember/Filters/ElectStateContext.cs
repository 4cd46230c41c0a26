using Ember.Storage;

namespace Ember;

/// <summary>The state a job is about to move to, which filters may replace.</summary>
public sealed class ElectStateContext
{
    internal ElectStateContext(string? jobId, Job job, StateChange candidate, Exception? exception)
    {
        JobId = jobId;
        Job = job;
        CandidateState = candidate;
        Exception = exception;
    }

    /// <summary>The job's id; null at creation, before it has one.</summary>
    public string? JobId { get; }

    /// <summary>What the job calls.</summary>
    public Job Job { get; }

    /// <summary>The state the job will move to; replace it to change the outcome.</summary>
    public StateChange CandidateState { get; set; }

    /// <summary>The exception of the run, when it failed.</summary>
    public Exception? Exception { get; }
}
