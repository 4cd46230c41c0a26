using Ember.Server;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.Server;

public class PrefetchPacerTests
{
    private readonly FakeTimeProvider _time = new();

    // Starts jobs at the given rate for half a second of fake time and lets the pacer measure it.
    private PrefetchPacer PacerAt(double jobsPerSecond, TimeSpan fetchTakes, int maxPrefetched = 500)
    {
        var pacer = new PrefetchPacer(maxPrefetched, _time);
        for (var step = 0; step < 10; step++)
        {
            for (var i = 0; i < jobsPerSecond / 20; i++) pacer.JobStarted();
            pacer.FetchTook(fetchTakes);
            _time.Advance(TimeSpan.FromMilliseconds(50));
            pacer.ToFetch(idleWorkers: 0, buffered: 0);
        }
        return pacer;
    }

    [Fact]
    public void Without_a_measured_rate_it_fetches_for_the_idle_workers_only()
    {
        var pacer = new PrefetchPacer(500, _time);

        Assert.Equal(20, pacer.ToFetch(idleWorkers: 20, buffered: 0));
        Assert.Equal(0, pacer.ToFetch(idleWorkers: 0, buffered: 0));
        Assert.Equal(0, pacer.ToFetch(idleWorkers: 3, buffered: 3));
    }

    [Fact]
    public void At_a_high_rate_it_holds_round_trips_of_work_ahead_of_the_workers()
    {
        // 10,000 jobs/s and 5 ms fetches: about 50 jobs go by during one fetch.
        var pacer = PacerAt(10_000, TimeSpan.FromMilliseconds(5));

        Assert.InRange(pacer.Rate, 9_000, 11_000);
        var first = pacer.ToFetch(idleWorkers: 0, buffered: 0);
        Assert.InRange(first, 100, 200); // three round trips' worth
        Assert.Equal(0, pacer.ToFetch(idleWorkers: 0, buffered: 100)); // well above one round trip: no fetch yet
        Assert.InRange(pacer.ToFetch(idleWorkers: 0, buffered: 40), 60, 160); // down to one round trip: refill
    }

    [Fact]
    public void What_it_holds_is_bounded_by_the_option_and_by_a_quarter_second_of_work()
    {
        Assert.Equal(500, PacerAt(50_000, TimeSpan.FromMilliseconds(20)).ToFetch(idleWorkers: 0, buffered: 0));
        Assert.Equal(64, PacerAt(50_000, TimeSpan.FromMilliseconds(20), maxPrefetched: 64).ToFetch(idleWorkers: 0, buffered: 0));
        // 400 jobs/s (20 workers on 50 ms jobs) and slow fetches of 200 ms: still at most 250 ms of work held.
        Assert.InRange(PacerAt(400, TimeSpan.FromMilliseconds(200)).ToFetch(idleWorkers: 0, buffered: 0), 90, 100);
    }

    [Fact]
    public void Slow_jobs_are_barely_held_ahead()
    {
        // 20 workers on one-second jobs: 20 jobs/s, and a fetch of 5 ms covers a tenth of a job.
        var pacer = PacerAt(20, TimeSpan.FromMilliseconds(5));

        Assert.Equal(1, pacer.ToFetch(idleWorkers: 0, buffered: 0));
        Assert.Equal(5, pacer.ToFetch(idleWorkers: 5, buffered: 1));
    }

    [Fact]
    public void After_a_long_idle_spell_the_rate_starts_afresh()
    {
        var pacer = PacerAt(10_000, TimeSpan.FromMilliseconds(5));
        _time.Advance(TimeSpan.FromMinutes(1));
        pacer.JobStarted();

        Assert.Equal(4, pacer.ToFetch(idleWorkers: 4, buffered: 0));
        Assert.True(pacer.Rate < 1);
    }
}
