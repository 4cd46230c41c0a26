using Ember.InMemory;
using Ember.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.Client;

public class BackgroundJobClientTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryJobStore _store;
    private readonly BackgroundJobClient _client;

    public BackgroundJobClientTests()
    {
        _store = new InMemoryJobStore(_time);
        _client = new BackgroundJobClient(_store, timeProvider: _time);
    }

    [Fact]
    public async Task Enqueue_stores_an_enqueued_job_on_the_default_queue()
    {
        var id = await _client.EnqueueAsync(() => TestJobs.Record("k"));

        var job = (await _store.Queries.GetJobAsync(id))!.Job;
        Assert.Equal(JobState.Enqueued, job.State);
        Assert.Equal("default", job.Queue);
        Assert.Contains("\"Record\"", job.Invocation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enqueue_on_a_named_queue()
    {
        var id = _client.Enqueue<TestJobs>("critical", x => x.RecordOnInstance("k"));

        Assert.Equal("critical", (await _store.Queries.GetJobAsync(id))!.Job.Queue);
    }

    [Fact]
    public async Task Schedule_with_a_delay_stores_the_due_time()
    {
        var id = _client.Schedule(() => TestJobs.Record("k"), TimeSpan.FromMinutes(5));

        var job = (await _store.Queries.GetJobAsync(id))!.Job;
        Assert.Equal(JobState.Scheduled, job.State);
        Assert.Equal(_time.GetUtcNow().AddMinutes(5), job.ScheduledAt);
    }

    [Fact]
    public async Task Schedule_at_a_time_stores_that_time()
    {
        var at = _time.GetUtcNow().AddDays(1);
        var id = await _client.ScheduleAsync<TestJobs>(x => x.RecordOnInstance("k"), at);

        Assert.Equal(at, (await _store.Queries.GetJobAsync(id))!.Job.ScheduledAt);
    }

    [Fact]
    public void Negative_delay_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _client.Schedule(() => TestJobs.Record("k"), TimeSpan.FromSeconds(-1)));

        Assert.Equal("delay", error.ParamName);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(3_000_000L * TimeSpan.TicksPerDay)]
    public async Task A_delay_past_the_last_representable_time_is_rejected_in_plain_words(long ticks)
    {
        var delay = new TimeSpan(ticks);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _client.Schedule(() => TestJobs.Record("k"), delay));
        var viaRequest = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.CreateAsync([new CreateJobRequest { Job = Job.FromExpression(() => TestJobs.Record("k")), Delay = delay }]));

        foreach (var e in new[] { error, viaRequest })
        {
            Assert.Equal("delay", e.ParamName);
            Assert.Equal(delay, e.ActualValue);
            Assert.Contains($"A schedule delay of {delay:c} is too long", e.Message, StringComparison.Ordinal);
            Assert.Contains($"Give a delay from 00:00:00 to {DateTimeOffset.MaxValue - _time.GetUtcNow():c}.", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("un-representable", e.Message, StringComparison.Ordinal);
        }
        Assert.Equal(0, (await _store.Queries.GetStateCountsAsync()).Values.Sum());
    }

    [Fact]
    public async Task The_longest_delay_and_the_last_representable_time_are_accepted()
    {
        var longest = _client.Schedule(() => TestJobs.Record("k"), DateTimeOffset.MaxValue - _time.GetUtcNow());
        var last = _client.Schedule(() => TestJobs.Record("k"), DateTimeOffset.MaxValue);

        Assert.Equal(DateTimeOffset.MaxValue, (await _store.Queries.GetJobAsync(longest))!.Job.ScheduledAt);
        Assert.Equal(DateTimeOffset.MaxValue, (await _store.Queries.GetJobAsync(last))!.Job.ScheduledAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("UPPER")]
    [InlineData("semi;colon")]
    [InlineData("quote'")]
    public async Task Invalid_queue_name_is_rejected_and_nothing_is_stored(string queue)
    {
        var error = Assert.Throws<ArgumentException>(() => _client.Enqueue(queue, () => TestJobs.Record("k")));

        Assert.Contains("not a valid queue name", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await _store.Queries.GetStateCountsAsync()).Values.Sum());
    }

    [Fact]
    public async Task Unserializable_argument_is_rejected_and_nothing_is_stored()
    {
        Assert.Throws<ArgumentException>(() => _client.Enqueue(() => InvocationSink.Take(new InvocationSink())));

        Assert.Equal(0, (await _store.Queries.GetStateCountsAsync()).Values.Sum());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Empty_job_id_is_rejected(string id)
    {
        Assert.Throws<ArgumentException>(() => _client.Delete(id));
        Assert.Throws<ArgumentException>(() => _client.Requeue(id));
    }

    [Fact]
    public async Task Delete_then_requeue_moves_the_job_and_records_history()
    {
        var id = _client.Enqueue(() => TestJobs.Record("k"));

        Assert.True(_client.Delete(id));
        Assert.False(_client.Delete(id));
        var deleted = (await _store.Queries.GetJobAsync(id))!;
        Assert.Equal(JobState.Deleted, deleted.Job.State);
        Assert.Equal(_time.GetUtcNow().AddDays(1), deleted.Job.ExpireAt);

        Assert.True(await _client.RequeueAsync(id));
        Assert.False(await _client.RequeueAsync(id));
        var requeued = (await _store.Queries.GetJobAsync(id))!;
        Assert.Equal(JobState.Enqueued, requeued.Job.State);
        Assert.Null(requeued.Job.ExpireAt);
        Assert.Equal([JobState.Enqueued, JobState.Deleted, JobState.Enqueued], requeued.History.Select(h => h.State));
    }

    [Fact]
    public void Unknown_job_id_is_not_an_error()
    {
        Assert.False(_client.Delete("123456"));
        Assert.False(_client.Requeue("not-a-number"));
    }

    [Fact]
    public void Static_facade_needs_a_client_and_says_how_to_set_it()
    {
        // Read through a fresh property access: other tests may have set it, so only the message shape is checked here.
        var error = Record.Exception(() => BackgroundJob.Client);
        if (error is not null) Assert.Contains("AddEmber", error.Message, StringComparison.Ordinal);
    }

    public sealed class InvocationSink
    {
        public InvocationSink Self => this;

        public static void Take(InvocationSink sink) { }
    }
}
