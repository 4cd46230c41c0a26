using Ember.Storage;
using StackExchange.Redis;
using Xunit;

namespace Ember.Redis.Tests;

/// <summary>Redis-specific behaviour: key layout, script reloading, notifications across store instances.</summary>
public sealed class RedisStoreTests
{
    private static NewJob Job(string queue = "default") => new() { Invocation = "{}", Queue = queue, State = JobState.Enqueued };

    [Fact]
    public async Task Every_key_of_a_store_is_in_one_cluster_slot_and_stores_with_other_prefixes_in_others()
    {
        await using var first = new RedisStoreFixture();
        await using var second = new RedisStoreFixture();
        foreach (var fixture in new[] { first, second })
        {
            await fixture.Store.InitializeAsync();
            var parent = (await fixture.Store.CreateJobsAsync(new CreateJobsRequest([Job("a"), Job("b")])))[0];
            await fixture.Store.CreateJobsAsync(new CreateJobsRequest([new NewJob { Invocation = "{}", Queue = "c", State = JobState.Awaiting, ParentId = parent }]));
            await fixture.Store.FetchJobsAsync(new FetchJobsRequest("s", ["a"], 1, TimeSpan.FromSeconds(30)));
            await fixture.Store.UpsertRecurringJobAsync(new RecurringJobRecord { Id = "r", Cron = "* * * * *", TimeZoneId = "UTC", Queue = "a", Invocation = "{}", NextRunAt = fixture.Time.GetUtcNow() });
        }
        var multiplexer = TestRedis.Database.Multiplexer;

        var firstSlots = TestRedis.Keys(first.Prefix).Select(k => multiplexer.HashSlot(k)).Distinct().ToArray();
        var secondSlots = TestRedis.Keys(second.Prefix).Select(k => multiplexer.HashSlot(k)).Distinct().ToArray();

        Assert.Single(firstSlots);
        Assert.Single(secondSlots);
        Assert.True(TestRedis.Keys(first.Prefix).Length > 10);
    }

    [Fact]
    public async Task Scripts_flushed_from_Redis_are_loaded_again()
    {
        await using var fixture = new RedisStoreFixture();
        await fixture.Store.InitializeAsync();
        await fixture.Store.CreateJobsAsync(new CreateJobsRequest([Job()]));

        // What a Redis restart does to the script cache, AOF or not.
        await TestRedis.Server.ScriptFlushAsync();

        Assert.Single(await fixture.Store.CreateJobsAsync(new CreateJobsRequest([Job()])));
        Assert.Equal(2, (await fixture.Store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 5, TimeSpan.FromSeconds(30)))).Count);
    }

    [Fact]
    public async Task Work_created_by_one_store_instance_is_reported_to_the_subscribers_of_another()
    {
        await using var fixture = new RedisStoreFixture();
        await using var other = fixture.CreateStore();
        await fixture.Store.InitializeAsync();
        await other.InitializeAsync();
        var reported = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = other.Subscribe(queue => reported.TrySetResult(queue));

        await fixture.Store.CreateJobsAsync(new CreateJobsRequest([Job("remote")]));

        Assert.Equal("remote", await reported.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Operations_before_InitializeAsync_connect_on_first_use()
    {
        await using var fixture = new RedisStoreFixture();

        var ids = await fixture.Store.CreateJobsAsync(new CreateJobsRequest([Job()]));

        Assert.NotNull(await fixture.Store.Queries.GetJobAsync(ids[0]));
    }

    [Fact]
    public async Task A_store_on_the_applications_multiplexer_leaves_it_open()
    {
        var prefix = TestRedis.UniquePrefix();
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(TestRedis.Configuration);
        try
        {
            await using (var store = new RedisJobStore(multiplexer, new RedisStoreOptions { KeyPrefix = prefix }))
            {
                await store.InitializeAsync();
                await store.CreateJobsAsync(new CreateJobsRequest([Job()]));
            }

            Assert.True(multiplexer.IsConnected);
        }
        finally
        {
            await TestRedis.DeleteKeysAsync(prefix);
        }
    }
}
