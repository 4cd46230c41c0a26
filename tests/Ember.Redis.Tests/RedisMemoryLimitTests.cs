using Ember.Storage;
using Xunit;

namespace Ember.Redis.Tests;

/// <summary>
/// Redis at its memory limit: a policy that would evict jobs is refused at start, and a full Redis's refusal to write
/// reaches the application as what it is, with nothing half-written. Each test runs its own redis-server.
/// </summary>
public sealed class RedisMemoryLimitTests
{
    private static NewJob Job() => new() { Invocation = "{}", Queue = "default", State = JobState.Enqueued };

    [Theory]
    [InlineData("allkeys-lru")]
    [InlineData("allkeys-lfu")]
    [InlineData("allkeys-random")]
    public async Task Initialize_refuses_a_Redis_that_evicts_any_key_at_its_memory_limit(string policy)
    {
        await using var redis = await ScratchRedis.StartAsync("--maxmemory", "100mb", "--maxmemory-policy", policy);
        await using var store = new RedisJobStore(new RedisStoreOptions { Configuration = redis.Configuration });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Assert.Contains(policy, error.Message, StringComparison.Ordinal);
        Assert.Contains("noeviction", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(RedisStoreOptions.AllowEviction), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100mb", "noeviction", false)]
    [InlineData("100mb", "volatile-lru", false)]
    [InlineData("0", "allkeys-lru", false)] // no memory limit: nothing is ever evicted
    [InlineData("100mb", "allkeys-lru", true)]
    public async Task Initialize_accepts_a_Redis_that_keeps_every_job_or_an_explicit_AllowEviction(string maxMemory, string policy, bool allowEviction)
    {
        await using var redis = await ScratchRedis.StartAsync("--maxmemory", maxMemory, "--maxmemory-policy", policy);
        await using var store = new RedisJobStore(new RedisStoreOptions { Configuration = redis.Configuration, AllowEviction = allowEviction });

        await store.InitializeAsync();

        Assert.Single(await store.CreateJobsAsync(new CreateJobsRequest([Job()])));
    }

    [Fact]
    public async Task A_full_Redis_refuses_a_write_with_an_error_that_says_so_and_nothing_half_written()
    {
        await using var redis = await ScratchRedis.StartAsync("--maxmemory-policy", "noeviction");
        await using var admin = await redis.ConnectAdminAsync();
        await using var store = new RedisJobStore(new RedisStoreOptions { Configuration = redis.Configuration });
        await store.InitializeAsync();
        await store.CreateJobsAsync(new CreateJobsRequest([Job()]));
        var server = admin.GetServer(admin.GetEndPoints()[0]);

        // Something else fills Redis past a limit set below what it now uses.
        await admin.GetDatabase().StringSetAsync("someone-elses-data", new string('x', 4 * 1024 * 1024));
        await server.ConfigSetAsync("maxmemory", "1mb");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateJobsAsync(new CreateJobsRequest([Job()])));

        Assert.Contains("memory limit (maxmemory)", error.Message, StringComparison.Ordinal);
        Assert.Contains("OOM", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Something other than Ember", error.Message, StringComparison.Ordinal);
        await server.ConfigSetAsync("maxmemory", "0");
        Assert.Single(await store.CreateJobsAsync(new CreateJobsRequest([Job()])));
        Assert.Equal(2, (await store.Queries.GetStateCountsAsync())[JobState.Enqueued]);
        Assert.Equal(2, (await store.FetchJobsAsync(new FetchJobsRequest("server", ["default"], 5, TimeSpan.FromSeconds(30)))).Count);
    }
}
