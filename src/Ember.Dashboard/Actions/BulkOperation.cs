namespace Ember.Dashboard.Actions;

/// <summary>
/// An action on many jobs running in the background: what it is and how far it got. Read by the progress endpoint
/// while the worker updates it, so the counters are read and written atomically.
/// </summary>
internal sealed class BulkOperation(string id, string description)
{
    private long _collected;
    private long _done;
    private long _missed;
    private volatile string _phase = "collecting";
    private volatile string? _error;

    public string Id { get; } = id;

    /// <summary>E.g. "Requeue all Failed jobs that failed with System.TimeoutException".</summary>
    public string Description { get; } = description;

    /// <summary>How many matching jobs were found so far; the total once collecting is over.</summary>
    public long Collected => Interlocked.Read(ref _collected);

    /// <summary>How many jobs the action changed.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>How many it couldn't change: gone meanwhile, or already in the target state.</summary>
    public long Missed => Interlocked.Read(ref _missed);

    /// <summary>"collecting", "acting", "done" or "failed".</summary>
    public string Phase => _phase;

    public string? Error => _error;

    public DateTimeOffset FinishedAt { get; private set; } = DateTimeOffset.MaxValue;

    public void AddCollected(long count) => Interlocked.Add(ref _collected, count);

    public void Acting() => _phase = "acting";

    public void Count(bool changed)
    {
        if (changed) Interlocked.Increment(ref _done);
        else Interlocked.Increment(ref _missed);
    }

    public void Finish(DateTimeOffset at, string? error = null)
    {
        _error = error;
        FinishedAt = at;
        _phase = error is null ? "done" : "failed";
    }
}
