namespace Ember.Dashboard.Live;

/// <summary>
/// The running totals of succeeded and failed jobs over the last minutes, sampled in the background (see
/// <see cref="StatisticsSampler"/>), so that the live graph shows those minutes as soon as the overview opens instead of
/// starting empty. One per application; thread-safe.
/// </summary>
internal sealed class StatisticsHistory
{
    /// <summary>How far back the live graph reaches.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly Queue<Sample> _samples = new();
    private readonly Lock _lock = new();

    /// <summary>The totals at one moment.</summary>
    public readonly record struct Sample(DateTimeOffset At, long Succeeded, long Failed);

    public void Add(Sample sample)
    {
        lock (_lock)
        {
            // Samples arrive in time order; one from before the last (a clock set back) would make a negative span.
            if (_samples.Count > 0 && sample.At <= _samples.Last().At) return;
            _samples.Enqueue(sample);
            while (_samples.Peek().At < sample.At - Window) _samples.Dequeue();
        }
    }

    /// <summary>The samples of the last <see cref="Window"/> before <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<Sample> Recent(DateTimeOffset now)
    {
        lock (_lock) return _samples.Where(s => s.At >= now - Window && s.At <= now).ToArray();
    }
}
