using Ember.Storage;

namespace Ember;

/// <summary>A job about to be created. Filters may change where and when it runs.</summary>
public sealed class CreatingContext
{
    internal CreatingContext(Job job, string queue, DateTimeOffset? enqueueAt, string? parentId)
    {
        Job = job;
        Queue = queue;
        EnqueueAt = enqueueAt;
        ParentId = parentId;
    }

    /// <summary>What the job calls.</summary>
    public Job Job { get; }

    /// <summary>The queue it will run on; settable.</summary>
    public string Queue { get; set; }

    /// <summary>When it will be enqueued (null: now); settable. Ignored for continuations.</summary>
    public DateTimeOffset? EnqueueAt { get; set; }

    /// <summary>For a continuation, its parent.</summary>
    public string? ParentId { get; }

    /// <summary>Values filters pass to their own later callbacks.</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>();
}

/// <summary>A job that was just created.</summary>
public sealed class CreatedContext
{
    internal CreatedContext(CreatingContext creating, string jobId)
    {
        Job = creating.Job;
        Queue = creating.Queue;
        JobId = jobId;
        Items = creating.Items;
    }

    /// <summary>What the job calls.</summary>
    public Job Job { get; }

    /// <summary>Its id.</summary>
    public string JobId { get; }

    /// <summary>Its queue.</summary>
    public string Queue { get; }

    /// <summary>Values set by filters in <see cref="IClientFilter.OnCreatingAsync"/>.</summary>
    public IDictionary<string, object?> Items { get; }
}

/// <summary>A job about to run on a server. Filters may reschedule or delete it instead.</summary>
public sealed class PerformingContext
{
    private readonly IJobStore _store;
    private readonly string _leaseToken;

    internal PerformingContext(string jobId, Job job, int attempt, string leaseToken, IJobStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        JobId = jobId;
        Job = job;
        Attempt = attempt;
        _leaseToken = leaseToken;
        _store = store;
        Time = time;
        CancellationToken = cancellationToken;
    }

    /// <summary>The job's id.</summary>
    public string JobId { get; }

    /// <summary>What the job calls.</summary>
    public Job Job { get; }

    /// <summary>How many times the job has started, this run included.</summary>
    public int Attempt { get; }

    /// <summary>The run's token (shutdown, delete, timeout).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The server's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Values filters pass to their <see cref="IServerFilter.OnPerformedAsync"/>.</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>();

    internal StateChange? Outcome { get; private set; }

    /// <summary>Doesn't run the job now: schedules it again after <paramref name="delay"/>.</summary>
    public void Reschedule(TimeSpan delay, string reason) =>
        Outcome = new StateChange { State = JobState.Scheduled, ScheduledAt = Time.GetUtcNow() + delay, Reason = reason };

    /// <summary>Doesn't run the job: deletes it.</summary>
    public void Delete(string reason) => Outcome = new StateChange { State = JobState.Deleted, Reason = reason };

    /// <summary>
    /// Takes a named mutex for this run without waiting; false when another live run holds it. The mutex is freed by
    /// <see cref="ReleaseMutexAsync"/>, or on its own once this run is over, even if its server dies.
    /// </summary>
    public Task<bool> TryAcquireMutexAsync(string name) => _store.TryAcquireMutexAsync(new MutexRequest(name, JobId, _leaseToken), CancellationToken.None);

    /// <summary>Releases a mutex this run holds.</summary>
    public Task ReleaseMutexAsync(string name) => _store.ReleaseMutexAsync(new MutexRequest(name, JobId, _leaseToken), CancellationToken.None);
}

/// <summary>A job whose method ran, or threw.</summary>
public sealed class PerformedContext
{
    internal PerformedContext(PerformingContext performing, Exception? exception)
    {
        Performing = performing;
        Exception = exception;
    }

    /// <summary>The context the run started with (job, id, items, mutexes).</summary>
    public PerformingContext Performing { get; }

    /// <summary>The exception the method threw, if any.</summary>
    public Exception? Exception { get; }

    /// <summary>Set to true to treat the exception as handled: the run then succeeds.</summary>
    public bool ExceptionHandled { get; set; }
}

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
