using Ember.Storage;
using StackExchange.Redis;
using Xunit;

namespace Ember.Redis.Tests;

/// <summary>Redis-specific parts of the read side: hour keys' TTL, the search bound, upgrading keys written before it.</summary>
public sealed class RedisReadSideTests
{
    private static NewJob Job(string queue = "default", string invocation = "{}") => new() { Invocation = invocation, Queue = queue, State = JobState.Enqueued };

    private static JobError Error(string type) => new(type, "boom", type + ": at Somewhere()");

    [Fact]
    public async Task Hourly_counts_live_in_keys_of_the_stores_slot_that_Redis_drops_after_32_days()
    {
        await using var fixture = new RedisStoreFixture();
        var store = fixture.Store;
        await store.InitializeAsync();
        await store.CreateJobsAsync(new CreateJobsRequest([Job(), Job()]));
        await CompleteAllAsync(store, "default", new StateChange { State = JobState.Succeeded });
        var now = fixture.Time.GetUtcNow();

        var hourKey = (RedisKey)$"{fixture.Prefix}{{{fixture.Prefix.TrimEnd(':')}}}:hour:{now.ToUnixTimeSeconds() / 3600}";
        var ttl = await TestRedis.Database.KeyTimeToLiveAsync(hourKey);

        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromDays(31), TimeSpan.FromDays(32));
        Assert.Single(TestRedis.Keys(fixture.Prefix).Select(k => TestRedis.Database.Multiplexer.HashSlot(k)).Distinct());
        var hours = await store.Queries.GetHourlyCountsAsync(new HourlyCountsRequest(now, now.AddMinutes(1)));
        Assert.Equal(2, hours.Single().Succeeded);
    }

    [Fact]
    public async Task A_search_examines_at_most_SearchLimit_jobs_newest_first_but_finds_a_job_by_id_anywhere()
    {
        await using var fixture = new RedisStoreFixture();
        var store = fixture.Store;
        var oldest = (await store.CreateJobsAsync(new CreateJobsRequest([Job(invocation: """{"m":"Needle"}""")])))[0];
        var jobs = Enumerable.Range(0, RedisJobQueries.SearchLimit).Select(_ => Job(invocation: """{"m":"Hay"}""")).ToArray();
        var newest = (await store.CreateJobsAsync(new CreateJobsRequest(jobs)))[^1];

        Task<IReadOnlyList<JobInfo>> SearchAsync(string text) => store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10) { Search = text });

        Assert.Empty(await SearchAsync("needle"));
        Assert.Equal([oldest], (await SearchAsync(oldest)).Select(j => j.Id));
        Assert.Equal(newest, (await SearchAsync("hay"))[0].Id);
    }

    [Fact]
    public async Task Keys_written_before_the_read_side_get_its_indexes_when_the_store_initializes()
    {
        await using var fixture = new RedisStoreFixture();
        var store = fixture.Store;
        await store.InitializeAsync();
        // More Failed jobs than one upgrade batch (1,000), so the upgrade takes several calls.
        await store.CreateJobsAsync(new CreateJobsRequest(Enumerable.Range(0, 1500).Select(_ => Job("work")).ToArray()));
        await CompleteAllAsync(store, "work", new StateChange { State = JobState.Failed, Error = Error("System.TimeoutException") });
        await store.CreateJobsAsync(new CreateJobsRequest([Job("work")]));
        await CompleteAllAsync(store, "work", new StateChange { State = JobState.Failed });
        await store.CreateJobsAsync(new CreateJobsRequest([Job("a"), Job("a"), Job("b")]));
        await store.CreateJobsAsync(new CreateJobsRequest([Job("ok")]));
        await CompleteAllAsync(store, "ok", new StateChange { State = JobState.Succeeded });
        await ForgetReadSideAsync(fixture.Prefix);

        await using var upgraded = fixture.CreateStore();
        await upgraded.InitializeAsync();

        var statistics = await upgraded.Queries.GetStatisticsAsync();
        Assert.Equal((1L, 1501L), (statistics.Succeeded, statistics.Failed));
        Assert.Equal([("a", 2L), ("b", 1L)], (await upgraded.Queries.GetQueuesAsync()).Select(q => (q.Name, q.Enqueued)));
        Assert.Equal([new FailureGroup("System.TimeoutException", 1500), new FailureGroup(null, 1)], await upgraded.Queries.GetFailureGroupsAsync());
        var timeouts = await upgraded.Queries.GetJobsAsync(new JobListRequest(JobState.Failed, 0, 5000) { ExceptionType = "System.TimeoutException" });
        Assert.Equal(1500, timeouts.Count);

        // The groups stay exact as upgraded jobs leave Failed, and totals grow from the counts they started from.
        Assert.True(await upgraded.ChangeStateAsync(new ChangeStateRequest(timeouts[0].Id, new StateChange { State = JobState.Enqueued }, [JobState.Failed])));
        await CompleteAllAsync(upgraded, "work", new StateChange { State = JobState.Succeeded });
        Assert.Equal([new FailureGroup("System.TimeoutException", 1499), new FailureGroup(null, 1)], await upgraded.Queries.GetFailureGroupsAsync());
        statistics = await upgraded.Queries.GetStatisticsAsync();
        Assert.Equal((2L, 1501L), (statistics.Succeeded, statistics.Failed));
    }

    [Fact]
    public async Task The_retries_list_is_exact_past_the_search_bound_and_is_built_for_keys_written_before_the_retry_index()
    {
        await using var fixture = new RedisStoreFixture();
        var store = fixture.Store;
        await store.InitializeAsync();
        // More retries than a filtered walk examines (SearchLimit) and than one upgrade batch, among plain Scheduled jobs.
        const int Retries = RedisJobQueries.SearchLimit + 1500;
        await store.CreateJobsAsync(new CreateJobsRequest(Enumerable.Range(0, Retries).Select(_ => Job("work")).ToArray()));
        var retry = new StateChange { State = JobState.Scheduled, ScheduledAt = fixture.Time.GetUtcNow().AddHours(1), Error = Error("System.TimeoutException") };
        await CompleteAllAsync(store, "work", retry);
        await store.CreateJobsAsync(new CreateJobsRequest(Enumerable.Range(0, 10).Select(_ => Job() with { State = JobState.Scheduled, ScheduledAt = fixture.Time.GetUtcNow().AddHours(1) }).ToArray()));
        var request = new JobListRequest(JobState.Scheduled, 0, Retries + 100) { WithErrorOnly = true };
        Assert.Equal(Retries, (await store.Queries.GetJobsAsync(request)).Count);
        await ForgetReadSideAsync(fixture.Prefix);

        await using var upgraded = fixture.CreateStore();
        await upgraded.InitializeAsync();

        var retries = await upgraded.Queries.GetJobsAsync(request);
        Assert.Equal(Retries, retries.Count);
        Assert.All(retries, job => Assert.Equal("System.TimeoutException", job.LastError?.Type));
        var last = await upgraded.Queries.GetJobsAsync(request with { Count = 10, BeforeId = retries[^3].Id });
        Assert.Equal(retries.TakeLast(2).Select(j => j.Id), last.Select(j => j.Id));
    }

    [Fact]
    public async Task Pruning_forgets_queues_left_empty()
    {
        await using var fixture = new RedisStoreFixture();
        var store = fixture.Store;
        await store.CreateJobsAsync(new CreateJobsRequest([Job("gone")]));
        await CompleteAllAsync(store, "gone", new StateChange { State = JobState.Succeeded });

        await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100));

        Assert.Empty(await TestRedis.Database.SetMembersAsync($"{fixture.Prefix}{{{fixture.Prefix.TrimEnd(':')}}}:queues"));
    }

    private static async Task CompleteAllAsync(RedisJobStore store, string queue, StateChange change)
    {
        var fetched = await store.FetchJobsAsync(new FetchJobsRequest("s", [queue], 10_000, TimeSpan.FromMinutes(1)));
        await store.CompleteJobsAsync(new CompleteJobsRequest(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, change)).ToArray()));
    }

    // What an earlier Ember left: no queue set, failure groups, retry index, totals, upgrade marker or per-job 'fg'/'et' fields.
    private static async Task ForgetReadSideAsync(string prefix)
    {
        var db = TestRedis.Database;
        var b = $"{prefix}{{{prefix.TrimEnd(':')}}}:";
        foreach (var key in TestRedis.Keys(prefix))
        {
            var name = (string)key!;
            if (name.StartsWith(b + "ft:", StringComparison.Ordinal) || name.StartsWith(b + "hour:", StringComparison.Ordinal)) await db.KeyDeleteAsync(key);
            else if (name.StartsWith(b + "job:", StringComparison.Ordinal)) await db.HashDeleteAsync(key, ["fg", "et"]);
        }
        await db.KeyDeleteAsync([b + "queues", b + "failures", b + "meta", b + "retries"]);
        await db.HashDeleteAsync(b + "counts", ["total:Succeeded", "total:Failed"]);
    }
}
