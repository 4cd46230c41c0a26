using Ember.Storage;

namespace Ember;

/// <summary>A state the store has applied.</summary>
public sealed class ApplyStateContext
{
    internal ApplyStateContext(string jobId, Job job, StateChange state)
    {
        JobId = jobId;
        Job = job;
        NewState = state;
    }

    /// <summary>The job's id.</summary>
    public string JobId { get; }

    /// <summary>What the job calls.</summary>
    public Job Job { get; }

    /// <summary>The state it moved to.</summary>
    public StateChange NewState { get; }
}
