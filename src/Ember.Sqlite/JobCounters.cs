using System.Globalization;
using System.Text;
using System.Text.Json;
using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

/// <summary>
/// The counter deltas of one write transaction: every path that moves, creates or deletes jobs reports here, and
/// <see cref="WriteSession"/> writes the sum just before the commit, in one upsert of job_counters (plus one of
/// job_hourly_counts per hour touched when jobs succeeded or failed, almost always one). Per batch, not per job: a
/// fetch of 20 jobs costs one extra statement. Triggers would keep the counters alone, but measured several times
/// slower on the fetch-and-complete cycle (docs/storage.md).
/// </summary>
internal sealed class JobCounters
{
    private const long HourMs = 3_600_000;
    private static readonly JobState[] States = Enum.GetValues<JobState>();
    private readonly long[] _states = new long[States.Length];
    private readonly Dictionary<long, (long Succeeded, long Failed)> _hours = [];
    private readonly Dictionary<string, long> _queues = new(StringComparer.Ordinal);
    private readonly StringBuilder _json = new();
    private long _succeeded;
    private long _failed;
    private bool _dirty;

    /// <summary>The counter of a queue's Enqueued jobs (the queue lengths), beside those of the states.</summary>
    public const string QueuePrefix = "queue:";

    /// <summary>
    /// <paramref name="count"/> jobs of <paramref name="queue"/> entered <paramref name="state"/> from
    /// <paramref name="previous"/> (null: new jobs).
    /// </summary>
    public void Moved(JobState? previous, JobState state, long now, string queue, int count = 1)
    {
        if (count == 0) return;
        _dirty = true;
        if (previous is { } left) _states[(int)left] -= count;
        _states[(int)state] += count;
        if (previous == JobState.Enqueued) _queues[queue] = _queues.GetValueOrDefault(queue) - count;
        if (state == JobState.Enqueued) _queues[queue] = _queues.GetValueOrDefault(queue) + count;
        if (state is not (JobState.Succeeded or JobState.Failed)) return;
        var hour = now - ((now % HourMs) + HourMs) % HourMs; // the hour's start, also before 1970
        var (succeeded, failed) = _hours.GetValueOrDefault(hour);
        if (state == JobState.Succeeded)
        {
            _succeeded += count;
            _hours[hour] = (succeeded + count, failed);
        }
        else
        {
            _failed += count;
            _hours[hour] = (succeeded, failed + count);
        }
    }

    /// <summary>A job of <paramref name="queue"/> in <paramref name="state"/> was deleted.</summary>
    public void Removed(JobState state, string queue)
    {
        _dirty = true;
        _states[(int)state]--;
        if (state == JobState.Enqueued) _queues[queue] = _queues.GetValueOrDefault(queue) - 1;
    }

    /// <summary>Forgets everything: a transaction starts, or one was rolled back.</summary>
    public void Clear()
    {
        if (!_dirty) return;
        Array.Clear(_states);
        _hours.Clear();
        _queues.Clear();
        _succeeded = _failed = 0;
        _dirty = false;
    }

    /// <summary>Adds the deltas to the stored counters, inside the session's transaction, and clears them.</summary>
    public void Flush(WriteSession session)
    {
        if (!_dirty) return;
        // A JSON object of the nonzero deltas, e.g. {"Enqueued":-20,"Processing":20}: one parameter for any set of them.
        _json.Clear().Append('{');
        for (var i = 0; i < _states.Length; i++)
        {
            if (_states[i] != 0) Append(StoredValues.Name(States[i]), _states[i]);
        }
        if (_succeeded != 0) Append("entered:Succeeded", _succeeded);
        if (_failed != 0) Append("entered:Failed", _failed);
        foreach (var (queue, delta) in _queues)
            if (delta != 0) Append(QueuePrefix + queue, delta);
        if (_json.Length > 1) session.Command(CounterSql.AddToCounters).Bind("$deltas", _json.Append('}').ToString()).ExecuteNonQuery();
        foreach (var (hour, (succeeded, failed)) in _hours)
            session.Command(CounterSql.AddToHour).Bind("$hour", hour).Bind("$succeeded", succeeded).Bind("$failed", failed).ExecuteNonQuery();
        Clear();
    }

    private void Append(string name, long delta)
    {
        if (_json.Length > 1) _json.Append(',');
        // Queue names are any text: escaped as JSON wants.
        _json.Append('"').Append(JsonEncodedText.Encode(name).Value).Append("\":").Append(delta.ToString(CultureInfo.InvariantCulture));
    }
}
