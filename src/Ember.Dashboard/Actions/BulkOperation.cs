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

    /// <summary>How many matching jobs were found so far; the total once the walk is over.</summary>
    public long Collected => Interlocked.Read(ref _collected);

    /// <summary>How many jobs the action changed.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>How many it couldn't change: gone meanwhile, or already in the target state.</summary>
    public long Missed => Interlocked.Read(ref _missed);

    /// <summary>"collecting" (not started yet), "acting" (walking the list, page by page), "done" or "failed".</summary>
    public string Phase => _phase;

    public string? Error => _error;

    public DateTimeOffset FinishedAt { get; private set; } = DateTimeOffset.MaxValue;

    public void AddCollected(long count) => Interlocked.Add(ref _collected, count);

    public void Acting() => _phase = "acting";

    /// <summary>A batch was acted on: <paramref name="changed"/> jobs changed, <paramref name="missed"/> not.</summary>
    public void Count(long changed, long missed)
    {
        Interlocked.Add(ref _done, changed);
        Interlocked.Add(ref _missed, missed);
    }

    public void Finish(DateTimeOffset at, string? error = null)
    {
        _error = error;
        FinishedAt = at;
        _phase = error is null ? "done" : "failed";
    }
}
