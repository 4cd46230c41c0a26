using Ember.Storage;

namespace Ember.InMemory;

/// <summary>
/// The counters the in-memory store keeps as jobs move, so the read side never scans the jobs: per-state counts,
/// running totals and per-hour counts of jobs that succeeded or failed. Guarded by the store's lock.
/// </summary>
internal sealed class InMemoryStatistics
{
    private static readonly TimeSpan HourlyRetention = TimeSpan.FromDays(HourlyCountsRequest.MaxHours / 24);
    private readonly long[] _counts = new long[Enum.GetValues<JobState>().Length];
    private readonly SortedDictionary<DateTimeOffset, (long Succeeded, long Failed)> _hours = [];
    private long _succeeded;
    private long _failed;

    /// <summary>A job entered <paramref name="state"/>, leaving <paramref name="previous"/> (null for a new job).</summary>
    public void Moved(JobState? previous, JobState state, DateTimeOffset now)
    {
        if (previous is { } left) _counts[(int)left]--;
        _counts[(int)state]++;
        if (state is not (JobState.Succeeded or JobState.Failed)) return;
        var hour = HourlyCountsRequest.StartOfHour(now);
        var (succeeded, failed) = _hours.GetValueOrDefault(hour);
        if (state == JobState.Succeeded)
        {
            _succeeded++;
            _hours[hour] = (succeeded + 1, failed);
        }
        else
        {
            _failed++;
            _hours[hour] = (succeeded, failed + 1);
        }
    }

    /// <summary>A job in <paramref name="state"/> was deleted from the store.</summary>
    public void Removed(JobState state) => _counts[(int)state]--;

    /// <summary>Drops hours older than the retention, as expired jobs go.</summary>
    public void Prune(DateTimeOffset now)
    {
        while (_hours.Count > 0 && _hours.Keys.First() < now - HourlyRetention) _hours.Remove(_hours.Keys.First());
    }

    public JobStatistics Snapshot() =>
        new(Enum.GetValues<JobState>().ToDictionary(s => s, s => _counts[(int)s]), _succeeded, _failed);

    public IReadOnlyList<HourlyCounts> Hourly(IReadOnlyList<DateTimeOffset> hours) =>
        hours.Select(hour => _hours.TryGetValue(hour, out var c) ? new HourlyCounts(hour, c.Succeeded, c.Failed) : new HourlyCounts(hour, 0, 0)).ToArray();
}
