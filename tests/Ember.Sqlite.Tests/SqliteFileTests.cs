using System.Collections.Concurrent;
using Ember.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ember.Sqlite.Tests;

// What a file gives that memory does not: jobs outlive the store, and several stores (processes) share one file.
public sealed class SqliteFileTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    private static NewJob Job(string queue = "default", JobState state = JobState.Enqueued, DateTimeOffset? scheduledAt = null) =>
        new() { Queue = queue, State = state, ScheduledAt = scheduledAt, Invocation = $$"""{"queue":"{{queue}}"}""" };

    [Fact]
    public async Task Jobs_survive_reopening_the_file()
    {
        CreateJobsResult ids;
        string scheduled;
        using (var first = _database.CreateStore(_time))
        {
            await first.InitializeAsync();
            ids = await first.CreateJobsAsync(new CreateJobsRequest([Job(), Job(), Job("mail")]));
            scheduled = (await first.CreateJobsAsync(new CreateJobsRequest([Job(state: JobState.Scheduled, scheduledAt: _time.GetUtcNow().AddMinutes(1))])))[0];
            var run = Assert.Single(await first.FetchJobsAsync(new FetchJobsRequest("server-1", ["default"], 1, Lease)));
            Assert.Equal(1, (await first.CompleteJobsAsync(new CompleteJobsRequest([new JobCompletion(run.Id, run.LeaseToken, new StateChange { State = JobState.Succeeded })]))).Applied);
        }

        using var second = _database.CreateStore(_time);
        var done = await second.Queries.GetJobAsync(ids[0]);
        Assert.NotNull(done);
        Assert.Equal(JobState.Succeeded, done.Job.State);
        Assert.Equal([JobState.Enqueued, JobState.Processing, JobState.Succeeded], done.History.Select(h => h.State));
        Assert.Equal(_time.GetUtcNow().AddMinutes(1), (await second.Queries.GetJobAsync(scheduled))!.Job.ScheduledAt);

        var fetched = await second.FetchJobsAsync(new FetchJobsRequest("server-2", ["default", "mail"], 10, Lease));
        Assert.Equal([ids[1], ids[2]], fetched.Select(f => f.Id));
        Assert.Equal(["default", "mail"], fetched.Select(f => f.Queue));

        var next = (await second.CreateJobsAsync(new CreateJobsRequest([Job()])))[0];
        Assert.True(long.Parse(next, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(scheduled, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Ids_are_not_reused_after_the_newest_job_is_deleted()
    {
        using var store = _database.CreateStore(_time);
        var first = (await store.CreateJobsAsync(new CreateJobsRequest([Job()])))[0];
        Assert.True(await store.ChangeStateAsync(new ChangeStateRequest(first, new StateChange { State = JobState.Deleted, ExpireAt = _time.GetUtcNow() }, [JobState.Enqueued])));
        Assert.Equal(1, await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(10)));

        var second = (await store.CreateJobsAsync(new CreateJobsRequest([Job()])))[0];

        Assert.NotEqual(first, second);
        Assert.Equal(0L, _database.Scalar("SELECT count(*) FROM job_history WHERE job_id = " + first));
    }

    [Theory]
    [InlineData(JobState.Processing, "default")]
    [InlineData(JobState.Scheduled, "default")]
    [InlineData(JobState.Enqueued, "")]
    public async Task An_invalid_job_in_a_batch_stores_none_of_it(JobState state, string queue)
    {
        using var store = _database.CreateStore(_time);

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateJobsAsync(new CreateJobsRequest([Job(), Job(queue, state)])));

        Assert.All(await store.Queries.GetStateCountsAsync(), pair => Assert.Equal(0L, pair.Value));
    }

    [Fact]
    public async Task The_file_is_in_WAL_mode()
    {
        using var store = _database.CreateStore(_time);
        await store.InitializeAsync();

        Assert.Equal("wal", _database.Scalar("PRAGMA journal_mode"));
        Assert.True(File.Exists(_database.Path + "-wal"));
    }

    [Fact]
    public async Task A_client_may_enqueue_before_anyone_initializes_the_store()
    {
        using var store = _database.CreateStore(_time);

        var id = (await store.CreateJobsAsync(new CreateJobsRequest([Job()])))[0];

        Assert.Equal(JobState.Enqueued, (await store.Queries.GetJobAsync(id))!.Job.State);
    }

    [Fact]
    public async Task Stores_on_one_file_fetching_in_parallel_never_claim_a_job_twice()
    {
        const int jobCount = 400;
        using var first = _database.CreateStore(_time);
        using var second = _database.CreateStore(_time);
        await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());
        await first.CreateJobsAsync(new CreateJobsRequest(Enumerable.Range(0, jobCount).Select(i => Job(i % 2 == 0 ? "a" : "b")).ToArray()));
        var claimed = new ConcurrentBag<(string Store, FetchedJob Job)>();
        const int workers = 8;
        var firstRoundDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstRoundLeft = workers;

        // Four fetch loops per store: contention inside each store and across the two "processes". Every loop waits
        // for all to have claimed once, so both stores surely take part (a writer can otherwise win every race).
        var loops = new[] { ("first", first), ("second", second) }.SelectMany(s => Enumerable.Range(0, workers / 2).Select(worker => Task.Run(async () =>
        {
            var request = new FetchJobsRequest($"{s.Item1}-{worker}", ["a", "b"], 5, Lease);
            var round = 0;
            while (await s.Item2.FetchJobsAsync(request) is { Count: > 0 } batch)
            {
                if (round++ == 0)
                {
                    if (Interlocked.Decrement(ref firstRoundLeft) == 0) firstRoundDone.SetResult();
                    await firstRoundDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
                }
                foreach (var job in batch) claimed.Add((s.Item1, job));
                var completions = batch.Select(j => new JobCompletion(j.Id, j.LeaseToken, new StateChange { State = JobState.Succeeded })).ToArray();
                Assert.Equal(batch.Count, (await s.Item2.CompleteJobsAsync(new CompleteJobsRequest(completions))).Applied);
            }
        })));
        await Task.WhenAll(loops);

        Assert.Equal(jobCount, claimed.Count);
        Assert.Equal(jobCount, claimed.Select(c => c.Job.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(claimed, c => c.Store == "first");
        Assert.Contains(claimed, c => c.Store == "second");
        var counts = await second.Queries.GetStateCountsAsync();
        Assert.Equal(((long)jobCount, 0L, 0L), (counts[JobState.Succeeded], counts[JobState.Processing], counts[JobState.Enqueued]));
        Assert.Equal((long)jobCount * 3, _database.Scalar("SELECT count(*) FROM job_history"));
    }

    [Fact]
    public async Task A_disposed_store_refuses_work_and_lets_go_of_the_file()
    {
        var store = _database.CreateStore(_time);
        await store.CreateJobsAsync(new CreateJobsRequest([Job()]));

        store.Dispose();
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CreateJobsAsync(new CreateJobsRequest([Job()])));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Queries.GetStateCountsAsync());
        using var reopened = _database.CreateStore(_time);
        Assert.Equal(1L, (await reopened.Queries.GetStateCountsAsync())[JobState.Enqueued]);
    }

    [Fact]
    public async Task Notifications_tell_this_stores_subscribers_at_once_and_another_stores_within_the_commit_check()
    {
        using var writer = _database.CreateStore(_time);
        using var other = _database.CreateStore(_time); // another process, as far as SQLite can tell: its own connections
        var heard = new ConcurrentQueue<string>();
        using var subscription = writer.Subscribe(heard.Enqueue);
        var otherHeard = new ConcurrentQueue<string>();
        var otherWoken = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var otherSubscription = other.Subscribe(queue => { otherHeard.Enqueue(queue); otherWoken.TrySetResult(queue); });

        await writer.CreateJobsAsync(new CreateJobsRequest([Job("mail"), Job("mail"), Job("later", JobState.Scheduled, _time.GetUtcNow())]));

        // This store's subscribers: synchronously after the commit, once per queue with Enqueued work; its own commit
        // check never reports its own writes again.
        Assert.Equal(["mail"], heard);
        // The other's: when its commit check sees the file change, the queues holding Enqueued jobs (not "later").
        // Its first reading may come after that commit, so more commits follow (Scheduled jobs: no new queue work).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!otherWoken.Task.IsCompleted && DateTime.UtcNow < deadline)
        {
            await writer.CreateJobsAsync(new CreateJobsRequest([Job("later", JobState.Scheduled, _time.GetUtcNow())]));
            await Task.WhenAny(otherWoken.Task, Task.Delay(100));
        }
        Assert.Equal("mail", await otherWoken.Task.WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.DoesNotContain("later", otherHeard);
        Assert.Equal(["mail"], heard);
    }

    [Fact]
    public async Task Without_the_commit_check_another_stores_subscribers_hear_nothing()
    {
        using var writer = _database.CreateStore(_time);
        using var other = new SqliteJobStore(new SqliteStoreOptions { ConnectionString = _database.ConnectionString, CommitCheckInterval = null }, _time);
        var otherHeard = new ConcurrentQueue<string>();
        using var otherSubscription = other.Subscribe(otherHeard.Enqueue);
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = writer.Subscribe(_ => heard.TrySetResult());

        await writer.CreateJobsAsync(new CreateJobsRequest([Job("mail")]));
        await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(200); // twenty default check intervals

        Assert.Empty(otherHeard);
    }
}
