using Ember.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ember.Sqlite.Tests;

// The counters of migration 0003 as the SQLite store keeps them: equal to a count of the rows after every path that
// moves jobs, hours kept for 31 days, and a search that reads a bounded number of jobs.
public sealed class SqliteStatisticsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Counters_equal_a_count_of_the_rows_after_every_kind_of_move()
    {
        using var store = _database.CreateStore(_time);
        var ids = await store.CreateJobsAsync(new CreateJobsRequest([Job(), Job(), Job(), Job(JobState.Scheduled, Start.AddMinutes(1))]));
        await store.CreateJobsAsync(new CreateJobsRequest([Continuation(ids[0]), Continuation(ids[1], JobContinuationOptions.OnAnyFinishedState)]));
        var runs = await store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 3, Lease));
        await store.CompleteJobsAsync(new CompleteJobsRequest([
            new JobCompletion(runs[0].Id, runs[0].LeaseToken, new StateChange { State = JobState.Succeeded, ExpireAt = Start.AddMinutes(5) }),
            new JobCompletion(runs[1].Id, runs[1].LeaseToken, new StateChange { State = JobState.Failed, Error = new JobError("E", "m", "d") }),
        ]));
        // Deleting a Failed job whose continuation waits for any end: a change from one of several expected states.
        Assert.True(await store.ChangeStateAsync(new ChangeStateRequest(runs[1].Id,
            new StateChange { State = JobState.Deleted, ExpireAt = Start.AddMinutes(5) }, [JobState.Enqueued, JobState.Failed])));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await store.RescueExpiredLeasesAsync(new RescueExpiredLeasesRequest(10)));
        Assert.Equal(1, await store.EnqueueDueScheduledAsync(new EnqueueDueScheduledRequest(10)));
        await store.UpsertRecurringJobAsync(new RecurringJobRecord { Id = "r", Cron = "* * * * *", TimeZoneId = "UTC", Queue = "default", Invocation = "{}", NextRunAt = Start });
        Assert.NotNull(await store.FireRecurringJobAsync(new FireRecurringJobRequest("r", Start, Start.AddMinutes(5), Start, [Job()])));
        // Many jobs in one call, from two queues (one whose name JSON must escape), some of them fenced out.
        var others = await store.CreateJobsAsync(new CreateJobsRequest([Job() with { Queue = "critical" }, Job() with { Queue = "other \"q\"" }, Job() with { Queue = "critical" }]));
        Assert.Equal(2, await store.ChangeStatesAsync(new ChangeStatesRequest([others[0], others[1], runs[0].Id],
            new StateChange { State = JobState.Deleted, ExpireAt = Start.AddMinutes(5) }, [JobState.Enqueued])));
        await AssertCountersMatchRowsAsync(store);

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100)) > 0);

        await AssertCountersMatchRowsAsync(store);
        var statistics = await store.Queries.GetStatisticsAsync();
        // Expiry took jobs from the counts but not from the totals: one success, one failure.
        Assert.Equal((1L, 1L), (statistics.Succeeded, statistics.Failed));
    }

    [Fact]
    public async Task Hourly_counts_older_than_31_days_go_with_expired_jobs()
    {
        using var store = _database.CreateStore(_time);
        await SucceedOneAsync(store);
        _time.Advance(TimeSpan.FromDays(30));
        await SucceedOneAsync(store);
        _time.Advance(TimeSpan.FromDays(2)); // the first hour is now 32 days old, the second 2 days

        await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100));

        Assert.Equal([Start.AddDays(30).ToUnixTimeMilliseconds()], HoursStored());
        Assert.Equal(2L, (await store.Queries.GetStatisticsAsync()).Succeeded);
    }

    [Fact]
    public async Task A_search_reads_the_newest_jobs_of_the_state_only_but_finds_any_job_by_id()
    {
        using (var store = _database.CreateStore(_time)) await store.InitializeAsync();
        // Written directly: a store call per job would make this test slow. The oldest job is just beyond the cap.
        _database.Scalar($$"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i <= {{SqliteJobQueries.SearchScanLimit}})
            INSERT INTO jobs (queue, state, invocation, created_at, state_changed_at)
            SELECT 'default', 'Enqueued', CASE i WHEN 1 THEN '{"m":"Oldest"}' WHEN 2 THEN '{"m":"Second"}' ELSE '{}' END, 0, 0 FROM n;
            """);
        using var reader = _database.CreateStore(_time);

        Assert.Empty(await SearchAsync(reader, "oldest"));
        Assert.Equal(["1"], await SearchAsync(reader, "1"));
        Assert.Equal(["2"], await SearchAsync(reader, "second"));
    }

    private static async Task<IEnumerable<string>> SearchAsync(SqliteJobStore store, string text) =>
        (await store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10) { Search = text })).Select(j => j.Id);

    private async Task AssertCountersMatchRowsAsync(SqliteJobStore store)
    {
        var rows = Enum.GetValues<JobState>().ToDictionary(
            s => s, s => (long)_database.Scalar($"SELECT count(*) FROM jobs WHERE state = '{s}'")!);
        Assert.Equal(rows, await store.Queries.GetStateCountsAsync());
        // Queue lengths are counters too (migration 0006), kept by the same moves.
        var queues = new List<QueueInfo>();
        foreach (var queue in new[] { "critical", "default", "other \"q\"" })
            if ((long)_database.Scalar($"SELECT count(*) FROM jobs WHERE state = 'Enqueued' AND queue = '{queue}'")! is > 0 and var n) queues.Add(new QueueInfo(queue, n));
        Assert.Equal(queues, (await store.Queries.GetQueuesAsync()).Select(q => new QueueInfo(q.Name, q.Enqueued)));
    }

    private List<long> HoursStored()
    {
        using var connection = _database.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hour FROM job_hourly_counts ORDER BY hour";
        using var reader = command.ExecuteReader();
        var hours = new List<long>();
        while (reader.Read()) hours.Add(reader.GetInt64(0));
        return hours;
    }

    private static async Task SucceedOneAsync(SqliteJobStore store)
    {
        await store.CreateJobsAsync(new CreateJobsRequest([Job()]));
        var run = Assert.Single(await store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 1, Lease)));
        await store.CompleteJobsAsync(new CompleteJobsRequest([new JobCompletion(run.Id, run.LeaseToken, new StateChange { State = JobState.Succeeded })]));
    }

    private static NewJob Job(JobState state = JobState.Enqueued, DateTimeOffset? scheduledAt = null) =>
        new() { Queue = "default", State = state, Invocation = "{}", ScheduledAt = scheduledAt };

    private static NewJob Continuation(string parentId, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        Job(JobState.Awaiting) with { ParentId = parentId, ContinuationOptions = options };
}
