using Ember.InMemory;
using Ember.Storage;
using Ember.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.Diagnostics;

public sealed class MetricsTests : IDisposable
{
    private readonly MeasurementCollector _measurements = new();
    // Tests run in parallel and the meter is process-wide: each test counts on a queue of its own.
    private readonly string _queue = "metrics-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Jobs_are_counted_by_queue_and_outcome_and_runs_timed()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.Queues = [_queue]);
        var key = Signals.NewKey();
        var passing = harness.Client.Enqueue(_queue, () => TestJobs.Record(key));
        var failing = harness.Client.Enqueue(_queue, () => Jobs.FailOnceRetried(key));
        await harness.Client.CreateAsync([new CreateJobRequest { Job = Job.FromExpression(() => TestJobs.Record(key)), Queue = _queue, Delay = TimeSpan.FromDays(1) }]);

        await harness.WaitForStateAsync(passing, JobState.Succeeded);
        await harness.WaitForStateAsync(failing, JobState.Failed);

        Assert.Equal(
            [("Enqueued", 2.0), ("Scheduled", 1.0)],
            Mine("ember.jobs.enqueued").GroupBy(m => (string)m["ember.job.state"]!).Select(g => (g.Key, g.Sum(m => m.Value))).OrderBy(g => g.Key));
        Assert.Equal(3, Mine("ember.jobs.started").Sum(m => m.Value));
        Assert.Equal(
            [("failed", 1.0), ("retried", 1.0), ("succeeded", 1.0)],
            await Eventually.ReturnsAsync(() => Task.FromResult(Mine("ember.jobs.processed").GroupBy(m => (string)m["ember.job.outcome"]!).Select(g => (g.Key, g.Sum(m => m.Value))).OrderBy(g => g.Key).ToArray()), counts => counts.Length == 3));
        var durations = Mine("ember.job.duration");
        Assert.Equal(3, durations.Count);
        Assert.All(durations, d => Assert.Equal("s", d.Instrument.Unit));
        Assert.Equal(2, Mine("ember.job.wait.duration").Count); // first runs only, not the retry
        Assert.Equal("{job}", Mine("ember.jobs.processed")[0].Instrument.Unit);
    }

    [Fact]
    public async Task Queue_depth_oldest_age_and_servers_are_read_from_the_store_at_most_once_per_interval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new InMemoryJobStore(time);
        using var gauges = new StoreGauges(store, time);
        await gauges.StartAsync(default);
        var job = new NewJob { Invocation = "{}", Queue = _queue, State = JobState.Enqueued };
        await store.CreateJobsAsync(new([job, job, job]));
        await store.HeartbeatAsync(new ServerHeartbeat("s1", "s1", 4, [_queue], time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(30));

        // A collection waits only briefly for a reading: on a busy machine the first may come back empty.
        var depth = await ObserveAsync("ember.queue.depth");
        Assert.Equal(3, depth.Value);
        Assert.Equal(30, Mine("ember.queue.oldest.age")[^1].Value);
        Assert.Contains(_measurements.Of("ember.servers"), m => m.Value == 1);

        // Within the interval a collection reuses the reading; after it, the store is read again.
        await store.CreateJobsAsync(new([job]));
        time.Advance(TimeSpan.FromSeconds(1));
        _measurements.Observe();
        Assert.Equal(3, Mine("ember.queue.depth")[^1].Value);
        time.Advance(StoreGauges.ReadInterval);
        Assert.Equal(4, (await ObserveAsync("ember.queue.depth", m => m.Value == 4)).Value);
    }

    private Task<MeasurementCollector.Measurement> ObserveAsync(string instrument, Func<MeasurementCollector.Measurement, bool>? accept = null) =>
        Eventually.ReturnsAsync(() =>
        {
            _measurements.Observe();
            return Task.FromResult(Mine(instrument).LastOrDefault());
        }, m => m is not null && (accept is null || accept(m)), what: instrument)!;

    private List<MeasurementCollector.Measurement> Mine(string instrument) =>
        [.. _measurements.Of(instrument).Where(m => (string?)m["messaging.destination.name"] == _queue)];

    public void Dispose() => _measurements.Dispose();

    public static class Jobs
    {
        [AutomaticRetry(Attempts = 1, DelaysInSeconds = [0])]
        public static void FailOnceRetried(string key)
        {
            Signals.Hit(key + ":failing");
            throw new InvalidOperationException("always");
        }
    }
}
