namespace Ember.Server;

/// <summary>
/// Decides how many jobs the fetcher claims, from two measurements: how fast this server starts jobs (its completion
/// rate under a backlog) and how long a fetch takes. Idle workers are always asked for. Beyond them the buffer holds
/// about one fetch round trip of work, refilled when it falls to that level with enough for the round trip after; so
/// under a backlog the workers never wait for a fetch, and at a high rate one fetch claims hundreds of jobs. What is
/// held is bounded by <see cref="ServerOptions.MaxPrefetchedJobs"/> and by <see cref="MaxWorkHeld"/> of work at the
/// measured rate, so slow jobs are barely prefetched and other servers keep their share of a backlog.
/// </summary>
internal sealed class PrefetchPacer(int maxPrefetched, TimeProvider time)
{
    /// <summary>The most work, in time at the measured rate, held unstarted in the buffer.</summary>
    public static readonly TimeSpan MaxWorkHeld = TimeSpan.FromMilliseconds(250);

    // Rates are sampled over at least this long (shorter windows of a few jobs are noise) and smoothed.
    private const double SampleSeconds = 0.05;
    private const double Smoothing = 0.5;

    private long _started;
    private long _sampleStartedCount;
    private long _sampleAt = time.GetTimestamp();
    private double _rate; // jobs started per second, smoothed
    private double _fetchSeconds = 0.002; // a fetch's round trip, smoothed; a first guess until measured

    /// <summary>A worker started a job.</summary>
    public void JobStarted() => Interlocked.Increment(ref _started);

    public void FetchTook(TimeSpan elapsed) => _fetchSeconds = (_fetchSeconds * (1 - Smoothing)) + (elapsed.TotalSeconds * Smoothing);

    /// <summary>Jobs started per second, smoothed (for tests and diagnostics).</summary>
    public double Rate => _rate;

    /// <summary>
    /// How many jobs to fetch now, given the idle workers and the jobs already buffered; 0 to wait until workers take
    /// from the buffer or free up.
    /// </summary>
    public int ToFetch(int idleWorkers, int buffered)
    {
        Sample();
        var capacity = Capacity();
        // One round trip of work: what the workers take while the next fetch is under way.
        var lowWater = Math.Min(capacity, (int)Math.Ceiling(_rate * _fetchSeconds));
        if (buffered >= idleWorkers && buffered - idleWorkers > lowWater) return 0;
        return Math.Max(0, idleWorkers + capacity - buffered);
    }

    /// <summary>
    /// The most jobs held beyond the idle workers: the low-water round trip plus two more, so that each fetch claims
    /// about two round trips of work. When fetches hold the rate back, each measured rise of the rate lets the next
    /// fetch grow, until a bound stops it.
    /// </summary>
    private int Capacity()
    {
        var workBound = (int)(_rate * MaxWorkHeld.TotalSeconds);
        return Math.Min(maxPrefetched, Math.Min(workBound, (int)Math.Ceiling(3 * _rate * _fetchSeconds)));
    }

    private void Sample()
    {
        var now = time.GetTimestamp();
        var seconds = time.GetElapsedTime(_sampleAt, now).TotalSeconds;
        if (seconds < SampleSeconds) return;
        var started = Interlocked.Read(ref _started);
        var rate = (started - _sampleStartedCount) / seconds;
        // After a long idle spell the old rate says nothing: start from this sample.
        _rate = seconds > 1 ? rate : (_rate * (1 - Smoothing)) + (rate * Smoothing);
        _sampleStartedCount = started;
        _sampleAt = now;
    }
}
