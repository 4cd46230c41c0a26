using Ember.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.Unique;

public class UniqueJobTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryJobStore _store;
    private readonly BackgroundJobClient _client;

    public UniqueJobTests()
    {
        _store = new InMemoryJobStore(_time);
        _client = new BackgroundJobClient(_store, timeProvider: _time);
    }

    [Fact]
    public async Task Enqueue_with_a_unique_key_twice_returns_the_first_job_and_says_so()
    {
        var first = await _client.EnqueueAsync(() => UniqueJobs.Send(1), new EnqueueOptions { UniqueKey = "send:1" });
        var second = await _client.EnqueueAsync(() => UniqueJobs.Send(1), new EnqueueOptions { UniqueKey = "send:1" });

        Assert.True(first.Created);
        Assert.True(second.Existing);
        Assert.Equal(first.JobId, second.JobId);
        Assert.Equal(1, (await _store.Queries.GetStateCountsAsync())[JobState.Enqueued]);
    }

    [Fact]
    public async Task Attribute_key_template_by_name_and_position_keys_by_the_arguments()
    {
        var a = _client.Enqueue<UniqueJobs>(x => x.ByName(7, "x"), new EnqueueOptions());
        var b = _client.Enqueue<UniqueJobs>(x => x.ByName(7, "y"), new EnqueueOptions());
        var c = _client.Enqueue<UniqueJobs>(x => x.ByName(8, "x"), new EnqueueOptions());
        // The plain string-returning overload is unique too; it only doesn't say so.
        var d = _client.Enqueue<UniqueJobs>(x => x.ByName(8, "z"));

        Assert.True(a.Created);
        Assert.Equal(a.JobId, b.JobId);
        Assert.True(b.Existing);
        Assert.True(c.Created);
        Assert.Equal(c.JobId, d);
    }

    [Fact]
    public async Task Attribute_key_template_naming_a_missing_argument_fails_at_enqueue_naming_it()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.EnqueueAsync<UniqueJobs>(x => x.Misnamed(1)));

        Assert.Contains("{orderId}", error.Message, StringComparison.Ordinal);
        Assert.Contains("{id} or {0}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await _store.Queries.GetStateCountsAsync()).Values.Sum());
    }

    [Fact]
    public async Task Unique_key_over_the_limit_fails_at_enqueue()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _client.EnqueueAsync(() => UniqueJobs.Send(1), new EnqueueOptions { UniqueKey = new string('x', UniqueJobOptions.MaxKeyLength + 1) }));

        Assert.Contains($"at most {UniqueJobOptions.MaxKeyLength}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unique_period_lets_a_new_job_in_once_it_has_passed()
    {
        var options = new EnqueueOptions { UniqueKey = "k", UniquePeriod = TimeSpan.FromMinutes(1) };
        var first = await _client.EnqueueAsync(() => UniqueJobs.Send(1), options);
        _time.Advance(TimeSpan.FromSeconds(61));

        var second = await _client.EnqueueAsync(() => UniqueJobs.Send(1), options);

        Assert.True(second.Created);
        Assert.NotEqual(first.JobId, second.JobId);
    }

    [Fact]
    public async Task Debounce_runs_a_burst_once_with_the_last_arguments_after_the_last_delay()
    {
        var options = new EnqueueOptions { UniqueKey = "reindex", Debounce = TimeSpan.FromSeconds(30) };
        var first = await _client.EnqueueAsync(() => UniqueJobs.Send(1), options);
        _time.Advance(TimeSpan.FromSeconds(20));
        var second = await _client.EnqueueAsync(() => UniqueJobs.Send(2), options);

        Assert.True(first.Created);
        Assert.True(second.Existing);
        var job = (await _store.Queries.GetJobAsync(first.JobId))!.Job;
        Assert.Equal(_time.GetUtcNow().AddSeconds(30), job.ScheduledAt);
        Assert.Contains("[2]", job.Invocation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debounce_without_a_key_or_with_a_delay_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.EnqueueAsync(() => UniqueJobs.Send(1), new EnqueueOptions { Debounce = TimeSpan.FromSeconds(1) }));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.EnqueueAsync(() => UniqueJobs.Send(1), new EnqueueOptions { UniqueKey = "k", Debounce = TimeSpan.FromSeconds(1), Delay = TimeSpan.FromSeconds(1) }));
    }
}

public class UniqueJobs
{
    public static void Send(int id) => _ = id;

    [UniqueJob("order:{orderId}:{0}")]
    public void ByName(int orderId, string note) => _ = (orderId, note);

    [UniqueJob("order:{orderId}")]
    public void Misnamed(int id) => _ = id;
}
