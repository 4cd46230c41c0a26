using System.Diagnostics;
using Ember.Storage;
using StackExchange.Redis;
using Xunit;

namespace Ember.Redis.Tests;

/// <summary>What the store does with an unreachable Redis, foreign keys under its prefix, and keys of the wrong type.</summary>
public sealed class RedisBadInputTests
{
    private static NewJob Job(string queue = "default") => new() { Invocation = "{}", Queue = queue, State = JobState.Enqueued };

    [Fact]
    public async Task Initialize_against_an_unreachable_Redis_fails_fast_naming_the_endpoint()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        await using var store = new RedisJobStore(new RedisStoreOptions { Configuration = "127.0.0.1:1", ConnectTimeout = TimeSpan.FromSeconds(2) });
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(RedisStoreOptions.Configuration), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unrelated_keys_survive_every_operation_including_pruning()
    {
        await using var fixture = new RedisStoreFixture();
        var store = fixture.Store;
        await store.InitializeAsync();
        var db = TestRedis.Database;
        // Keys an application might keep next to Ember's: sharing the prefix, sharing Ember's names without the tag.
        RedisKey[] foreign = [fixture.Prefix + "job:1", fixture.Prefix + "counts", fixture.Prefix + "unrelated", "job:1", fixture.Prefix.TrimEnd(':') + "{other}:job:1"];
        foreach (var key in foreign) await db.StringSetAsync(key, "keep me");
        try
        {
            var ids = await store.CreateJobsAsync(new CreateJobsRequest([Job(), Job(), new NewJob { Invocation = "{}", Queue = "default", State = JobState.Scheduled, ScheduledAt = fixture.Time.GetUtcNow() }]));
            await store.CreateJobsAsync(new CreateJobsRequest([new NewJob { Invocation = "{}", Queue = "default", State = JobState.Awaiting, ParentId = ids[0] }]));
            var fetched = await store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 10, TimeSpan.FromSeconds(30)));
            Assert.True(await store.TryAcquireMutexAsync(new MutexRequest("m", fetched[0].Id, fetched[0].LeaseToken)));
            await store.CompleteJobsAsync(new CompleteJobsRequest(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, new StateChange
            {
                State = JobState.Succeeded, ExpireAt = fixture.Time.GetUtcNow().AddSeconds(1), ContinuationsExpireAt = fixture.Time.GetUtcNow().AddSeconds(1),
            })).ToArray()));
            await store.ReleaseMutexAsync(new MutexRequest("m", fetched[0].Id, fetched[0].LeaseToken));
            await store.EnqueueDueScheduledAsync(new EnqueueDueScheduledRequest(10));
            await store.HeartbeatAsync(new ServerHeartbeat("s", "s", 1, ["default"], fixture.Time.GetUtcNow()));
            fixture.Time.Advance(TimeSpan.FromHours(1));
            await store.RescueExpiredLeasesAsync(new RescueExpiredLeasesRequest(100));
            await store.RemoveDeadServersAsync(new RemoveDeadServersRequest(TimeSpan.FromMinutes(1)));
            Assert.True(await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100)) > 0);
            await store.Queries.GetStateCountsAsync();
            await store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 100));

            foreach (var key in foreign) Assert.Equal("keep me", (string?)await db.StringGetAsync(key));
            // Every key Ember wrote starts with the prefix and carries its hash tag.
            Assert.All(TestRedis.Keys(fixture.Prefix).Select(k => (string)k!).Where(k => !foreign.Contains(k)),
                key => Assert.StartsWith(fixture.Prefix + "{", key, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var key in foreign) await db.KeyDeleteAsync(key);
        }
    }

    [Fact]
    public async Task A_job_key_of_the_wrong_type_gives_an_error_naming_the_key()
    {
        await using var fixture = new RedisStoreFixture();
        await fixture.Store.InitializeAsync();
        var id = (await fixture.Store.CreateJobsAsync(new CreateJobsRequest([Job()])))[0];
        var key = $"{fixture.Prefix}{{{fixture.Prefix.TrimEnd(':')}}}:job:{id}";
        await TestRedis.Database.StringSetAsync(key, "someone else's string");

        var change = new ChangeStateRequest(id, new StateChange { State = JobState.Deleted }, [JobState.Enqueued]);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Store.ChangeStateAsync(change));
        var read = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Store.Queries.GetJobAsync(id));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("WRONGTYPE", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(RedisStoreOptions.KeyPrefix), error.Message, StringComparison.Ordinal);
        Assert.Contains(key, read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_counter_key_of_the_wrong_type_gives_an_error_naming_the_key()
    {
        await using var fixture = new RedisStoreFixture();
        await fixture.Store.InitializeAsync();
        var key = $"{fixture.Prefix}{{{fixture.Prefix.TrimEnd(':')}}}:counts";
        await TestRedis.Database.ListRightPushAsync(key, "x");

        var read = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Store.Queries.GetStateCountsAsync());
        var write = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Store.CreateJobsAsync(new CreateJobsRequest([Job()])));

        Assert.Contains(key, read.Message, StringComparison.Ordinal);
        Assert.Contains(key, write.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_the_Redis_user_may_not_run_gives_an_error_saying_so_naming_the_key()
    {
        // An ACL user allowed everything but RPUSH, which every state change uses for the job's history.
        var user = $"ember-test-{Guid.NewGuid():N}";
        await TestRedis.Server.ExecuteAsync("ACL", "SETUSER", user, "on", ">secret", "~*", "&*", "+@all", "-rpush");
        try
        {
            await using var fixture = new RedisStoreFixture();
            await using var store = new RedisJobStore(new RedisStoreOptions { Configuration = $"{TestRedis.Configuration},user={user},password=secret", KeyPrefix = fixture.Prefix });
            await store.InitializeAsync();

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateJobsAsync(new CreateJobsRequest([Job()])));

            Assert.Contains("can't run this command", error.Message, StringComparison.Ordinal);
            Assert.Contains($"{fixture.Prefix}{{{fixture.Prefix.TrimEnd(':')}}}:hist:", error.Message, StringComparison.Ordinal);
            Assert.Contains("permission", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Something other than Ember", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await TestRedis.Server.ExecuteAsync("ACL", "DELUSER", user);
        }
    }
}
