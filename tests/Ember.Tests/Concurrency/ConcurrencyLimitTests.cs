using Ember.InMemory;
using Ember.Storage;

namespace Ember.Tests.Concurrency;

// What the client gives a job: the attributes' keys over the arguments, the enqueue options, DisableConcurrentExecution's
// limit of 1; and the errors of bad input. Read back through the store: how many a fetch claims, and its key listing.
public class ConcurrencyLimitTests
{
    private readonly InMemoryJobStore _store = new();
    private readonly BackgroundJobClient _client;

    public ConcurrencyLimitTests() => _client = new BackgroundJobClient(_store);

    private async Task<int> FetchCountAsync() =>
        (await _store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 100, TimeSpan.FromMinutes(1)))).Count;

    private async Task<IReadOnlyList<string>> HeldKeysAsync() =>
        (await _store.Queries.GetConcurrencyKeysAsync()).Select(k => k.Key).ToArray();

    [Fact]
    public async Task Mutex_attribute_keys_by_the_argument_and_lets_one_run_per_key()
    {
        _client.Enqueue(() => ConcurrencyJobs.Mutex(1));
        _client.Enqueue(() => ConcurrencyJobs.Mutex(1));
        _client.Enqueue(() => ConcurrencyJobs.Mutex(2));

        Assert.Equal(2, await FetchCountAsync());
        Assert.Equal(["orders:1", "orders:2"], await HeldKeysAsync());
    }

    [Fact]
    public async Task ConcurrencyLimit_attribute_takes_its_limit_and_the_key_by_parameter_name()
    {
        for (var i = 0; i < 5; i++) _client.Enqueue(() => ConcurrencyJobs.LimitedAsync("r", 7, 0));

        Assert.Equal(3, await FetchCountAsync());
        Assert.Equal(["tenant:7"], await HeldKeysAsync());
    }

    [Fact]
    public async Task Semaphore_attribute_takes_the_limit_set_at_run_time()
    {
        for (var i = 0; i < 5; i++) _client.Enqueue(() => ConcurrencyJobs.Semaphore(i));
        Assert.Equal(1, await FetchCountAsync());

        JobStorageMonitoring().SetConcurrencyLimit("reports", 4);

        Assert.Equal(3, await FetchCountAsync());
        var key = Assert.Single(JobStorageMonitoring().ConcurrencyKeys());
        Assert.Equal(("reports", 4, 4, 1L), (key.Key, key.Limit, key.Holders.Count, key.Waiting));
    }

    private IMonitoringApi JobStorageMonitoring() => new JobStorage(_store).GetMonitoringApi();

    [Fact]
    public async Task Enqueue_options_give_a_key_and_limit_that_win_over_the_attribute()
    {
        for (var i = 0; i < 4; i++)
            await _client.EnqueueAsync(() => ConcurrencyJobs.Mutex(1), new EnqueueOptions { ConcurrencyKey = "custom", ConcurrencyLimit = 2 });
        await _client.EnqueueAsync(() => ConcurrencyJobs.Plain(1), new EnqueueOptions { ConcurrencyKey = "plain" });
        await _client.EnqueueAsync(() => ConcurrencyJobs.Plain(2), new EnqueueOptions { ConcurrencyKey = "plain" });

        Assert.Equal(3, await FetchCountAsync());
        Assert.Equal(["custom", "plain"], await HeldKeysAsync());
    }

    [Fact]
    public async Task DisableConcurrentExecution_gives_new_jobs_a_limit_of_one_on_the_method()
    {
        _client.Enqueue(() => ConcurrencyJobs.Exclusive(1));
        _client.Enqueue(() => ConcurrencyJobs.Exclusive(2));

        Assert.Equal(1, await FetchCountAsync());
        Assert.Equal([$"{typeof(ConcurrencyJobs).FullName}, {typeof(ConcurrencyJobs).Assembly.GetName().Name}.Exclusive"], await HeldKeysAsync());
    }

    [Fact]
    public async Task A_key_template_naming_a_missing_argument_fails_at_enqueue_naming_it()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.EnqueueAsync(() => ConcurrencyJobs.Misnamed(1)));

        Assert.Contains("{missing}", error.Message, StringComparison.Ordinal);
        Assert.Contains("[ConcurrencyLimit]", error.Message, StringComparison.Ordinal);
        Assert.Contains("{id} or {0}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await _store.Queries.GetStateCountsAsync()).Values.Sum());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task A_limit_below_one_is_refused_at_enqueue_and_in_the_attribute(int limit)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _client.EnqueueAsync(() => ConcurrencyJobs.Plain(1), new EnqueueOptions { ConcurrencyKey = "k", ConcurrencyLimit = limit }));
        Assert.Contains("1 or more", error.Message, StringComparison.Ordinal);

        var attribute = Assert.ThrowsAny<ArgumentException>(() => new ConcurrencyLimitAttribute("k:{0}", limit));
        Assert.Contains("1 or more", attribute.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => JobStorageMonitoring().SetConcurrencyLimit("k", limit));
        Assert.Equal(0, (await _store.Queries.GetStateCountsAsync()).Values.Sum());
    }

    [Fact]
    public async Task A_key_over_the_length_limit_or_a_limit_without_a_key_is_refused_at_enqueue()
    {
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() =>
            _client.EnqueueAsync(() => ConcurrencyJobs.Plain(1), new EnqueueOptions { ConcurrencyKey = new string('k', ConcurrencyLimit.MaxKeyLength + 1) }));
        Assert.Contains($"at most {ConcurrencyLimit.MaxKeyLength}", tooLong.Message, StringComparison.Ordinal);

        var noKey = await Assert.ThrowsAsync<ArgumentException>(() =>
            _client.EnqueueAsync(() => ConcurrencyJobs.Plain(1), new EnqueueOptions { ConcurrencyLimit = 2 }));
        Assert.Contains("ConcurrencyKey", noKey.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await _store.Queries.GetStateCountsAsync()).Values.Sum());
    }
}
