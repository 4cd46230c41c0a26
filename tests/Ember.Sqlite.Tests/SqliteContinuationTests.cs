using System.Collections.Concurrent;
using Ember.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ember.Sqlite.Tests;

// Continuations and mutexes beyond the conformance suite: long chains in one transaction, failed batches that leave
// the store usable, mutexes of pruned jobs.
public sealed class SqliteContinuationTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_long_chain_is_deleted_whole_by_its_first_job_failing()
    {
        const int length = 500;
        using var store = _database.CreateStore(_time);
        var chain = new List<string> { (await store.CreateJobsAsync(new CreateJobsRequest([Job()])))[0] };
        for (var i = 0; i < length; i++) chain.Add((await store.CreateJobsAsync(new CreateJobsRequest([Continuation(chain[^1])])))[0]);
        var run = Assert.Single(await store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 1, Lease)));
        var expireAt = _time.GetUtcNow().AddDays(1);

        Assert.Equal(1, (await store.CompleteJobsAsync(new CompleteJobsRequest([new JobCompletion(run.Id, run.LeaseToken,
            new StateChange { State = JobState.Failed, ContinuationsExpireAt = expireAt })]))).Applied);

        Assert.Equal((long)length, _database.Scalar($"SELECT count(*) FROM jobs WHERE state = 'Deleted' AND expire_at = {expireAt.ToUnixTimeMilliseconds()}"));
        var last = (await store.Queries.GetJobAsync(chain[^1]))!;
        Assert.Equal((JobState.Deleted, HistoryKind.ParentDeleted), (last.History[^1].State, last.History[^1].Kind));
        var first = (await store.Queries.GetJobAsync(chain[1]))!.History[^1];
        Assert.Equal((JobState.Deleted, HistoryKind.ParentFailed), (first.State, first.Kind));
    }

    [Fact]
    public async Task Continuations_released_to_Enqueued_are_notified_after_the_commit()
    {
        using var store = _database.CreateStore(_time);
        var heard = new ConcurrentQueue<string>();
        using var subscription = store.Subscribe(heard.Enqueue);
        var parent = (await store.CreateJobsAsync(new CreateJobsRequest([Job("parent")])))[0];
        await store.CreateJobsAsync(new CreateJobsRequest([Continuation(parent, "next"), Continuation(parent, "next", JobContinuationOptions.OnAnyFinishedState)]));
        heard.Clear();

        Assert.True(await store.ChangeStateAsync(new ChangeStateRequest(parent, new StateChange { State = JobState.Succeeded }, [JobState.Enqueued])));

        Assert.Equal(["next"], heard);
        Assert.Equal(2L, (await store.Queries.GetStateCountsAsync())[JobState.Enqueued]);
    }

    [Fact]
    public async Task A_batch_with_a_missing_parent_stores_nothing_and_the_store_goes_on()
    {
        using var store = _database.CreateStore(_time);
        var parent = (await store.CreateJobsAsync(new CreateJobsRequest([Job()])))[0];

        var error = await Assert.ThrowsAsync<JobNotFoundException>(() => store.CreateJobsAsync(new CreateJobsRequest([Job(), Continuation(parent), Continuation("424242")])));

        Assert.Equal("424242", error.JobId);
        Assert.Equal(1L, _database.Scalar("SELECT count(*) FROM jobs"));
        var next = (await store.CreateJobsAsync(new CreateJobsRequest([Continuation(parent)])))[0];
        Assert.Equal([next], await store.Queries.GetContinuationIdsAsync(parent));
    }

    [Fact]
    public async Task A_mutex_held_by_a_job_pruned_since_is_free()
    {
        using var store = _database.CreateStore(_time);
        await store.CreateJobsAsync(new CreateJobsRequest([Job(), Job()]));
        var runs = await store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 2, Lease));
        Assert.True(await store.TryAcquireMutexAsync(new MutexRequest("m", runs[0].Id, runs[0].LeaseToken)));
        Assert.False(await store.TryAcquireMutexAsync(new MutexRequest("m", runs[1].Id, runs[1].LeaseToken)));
        // The holder's run ends without releasing (its server died mid-run, say), then the job is pruned.
        Assert.True(await store.ChangeStateAsync(new ChangeStateRequest(runs[0].Id, new StateChange { State = JobState.Deleted, ExpireAt = _time.GetUtcNow() }, [JobState.Processing])));
        Assert.Equal(1, await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(10)));

        Assert.True(await store.TryAcquireMutexAsync(new MutexRequest("m", runs[1].Id, runs[1].LeaseToken)));

        Assert.Equal(runs[1].Id, _database.Scalar("SELECT job_id FROM mutexes WHERE name = 'm'"));
        await store.ReleaseMutexAsync(new MutexRequest("m", runs[0].Id, runs[0].LeaseToken));
        Assert.Equal(1L, _database.Scalar("SELECT count(*) FROM mutexes"));
        await store.ReleaseMutexAsync(new MutexRequest("m", runs[1].Id, runs[1].LeaseToken));
        Assert.Equal(0L, _database.Scalar("SELECT count(*) FROM mutexes"));
    }

    private static NewJob Job(string queue = "default") => new() { Queue = queue, State = JobState.Enqueued, Invocation = "{}" };

    private static NewJob Continuation(string parentId, string queue = "default", JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        new() { Queue = queue, State = JobState.Awaiting, Invocation = "{}", ParentId = parentId, ContinuationOptions = options };
}
