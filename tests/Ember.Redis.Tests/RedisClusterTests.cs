using Ember.Storage;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Xunit;

namespace Ember.Redis.Tests;

/// <summary>
/// What Redis Cluster adds to the single-server tests: a store lives on whichever primary owns its hash tag's slot and
/// keeps all its keys there; work is announced across nodes; scripts a node forgot are loaded again on that node.
/// </summary>
public sealed class RedisClusterTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_store_on_each_primary_runs_jobs_end_to_end_and_keeps_every_key_on_that_primary()
    {
        var primaries = TestRedisCluster.Primaries;
        Assert.Equal(3, primaries.Length);
        foreach (var primary in primaries)
        {
            var prefix = TestRedisCluster.PrefixOn(primary);
            await using var store = Store(prefix, new FakeTimeProvider(DateTimeOffset.UtcNow));
            try
            {
                await store.InitializeAsync();
                var parent = (await store.CreateJobsAsync(new CreateJobsRequest([Job("a")])))[0];
                var child = (await store.CreateJobsAsync(new CreateJobsRequest([new NewJob { Invocation = "{}", Queue = "b", State = JobState.Awaiting, ParentId = parent }])))[0];
                var fetched = Assert.Single(await store.FetchJobsAsync(new FetchJobsRequest("server", ["a"], 5, Lease)));
                Assert.Equal(1, (await store.CompleteJobsAsync(new CompleteJobsRequest([new JobCompletion(fetched.Id, fetched.LeaseToken, new StateChange { State = JobState.Succeeded, ExpireAt = DateTimeOffset.UtcNow.AddDays(1) })]))).Applied);
                await store.UpsertRecurringJobAsync(new RecurringJobRecord { Id = "r", Cron = "* * * * *", TimeZoneId = "UTC", Queue = "a", Invocation = "{}", NextRunAt = DateTimeOffset.UtcNow });

                Assert.Equal(JobState.Enqueued, (await store.Queries.GetJobAsync(child))!.Job.State);
                Assert.Equal(1, (await store.Queries.GetStateCountsAsync())[JobState.Succeeded]);
                var keys = TestRedisCluster.Keys(prefix);
                Assert.True(keys.Length > 10, $"{keys.Length} keys");
                Assert.All(keys, k => Assert.Equal(primary.EndPoint, k.Primary.EndPoint));
            }
            finally
            {
                await TestRedisCluster.DeleteKeysAsync(prefix);
            }
        }
    }

    [Fact]
    public async Task Work_created_through_one_node_is_reported_to_a_store_instance_subscribed_through_another()
    {
        var prefix = TestRedis.UniquePrefix();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var creating = Store(prefix, time);
        await using var listening = Store(prefix, time);
        try
        {
            await creating.InitializeAsync();
            await listening.InitializeAsync();
            var reported = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = listening.Subscribe(queue => reported.TrySetResult(queue));

            await creating.CreateJobsAsync(new CreateJobsRequest([Job("remote")]));

            Assert.Equal("remote", await reported.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await TestRedisCluster.DeleteKeysAsync(prefix);
        }
    }

    [Fact]
    public async Task Scripts_flushed_from_the_primary_that_holds_the_store_are_loaded_again()
    {
        var prefix = TestRedis.UniquePrefix();
        await using var store = Store(prefix, new FakeTimeProvider(DateTimeOffset.UtcNow));
        try
        {
            await store.InitializeAsync();
            await store.CreateJobsAsync(new CreateJobsRequest([Job()]));

            await TestRedisCluster.PrimaryOf(new RedisKeys(prefix).Route).ScriptFlushAsync();

            Assert.Single(await store.CreateJobsAsync(new CreateJobsRequest([Job()])));
            Assert.Equal(2, (await store.FetchJobsAsync(new FetchJobsRequest("server", ["default"], 5, Lease))).Count);
        }
        finally
        {
            await TestRedisCluster.DeleteKeysAsync(prefix);
        }
    }

    private static RedisJobStore Store(string prefix, TimeProvider time) =>
        new(new RedisStoreOptions { Configuration = TestRedisCluster.Configuration, KeyPrefix = prefix }, time);

    private static NewJob Job(string queue = "default") => new() { Invocation = "{}", Queue = queue, State = JobState.Enqueued };
}
