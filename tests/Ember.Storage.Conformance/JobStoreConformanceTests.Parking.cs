using Xunit;

namespace Ember.Storage.Conformance;

// Jobs waiting for a full concurrency key: the fetch passes over them (a store may set them aside, "park" them, so
// that no later fetch walks them again), and every way a slot frees lets the key's waiting jobs run again, woken
// through the store's notifications even when they wait in another queue than the run that ended. To users they are
// plain Enqueued jobs.
public abstract partial class JobStoreConformanceTests
{
    public enum SlotFreedBy { Success, Failure, Retry, Deletion, LeaseRescue, RaisedLimit, RemovedLimit }

    /// <summary>
    /// Whether a freed slot lets the key's waiting job of the server's first queue run first, though a job of a later
    /// queue is older. False only for a store that documents the gap (Redis puts back the key's oldest parked job).
    /// </summary>
    protected virtual bool KeepsQueueOrderWithinAKey => true;

    /// <summary>Whether the list of one queue's Enqueued jobs shows the jobs waiting for a full key (Redis: not yet).</summary>
    protected virtual bool ListsWaitingJobsOfAQueue => true;

    [Theory]
    [InlineData(SlotFreedBy.Success)]
    [InlineData(SlotFreedBy.Failure)]
    [InlineData(SlotFreedBy.Retry)]
    [InlineData(SlotFreedBy.Deletion)]
    [InlineData(SlotFreedBy.LeaseRescue)]
    [InlineData(SlotFreedBy.RaisedLimit)]
    [InlineData(SlotFreedBy.RemovedLimit)]
    public async Task A_job_waiting_for_its_key_in_another_queue_is_woken_and_runs_when_a_slot_frees(SlotFreedBy way)
    {
        var limit = way == SlotFreedBy.RemovedLimit ? 2 : 1;
        if (way == SlotFreedBy.RemovedLimit) await SetLimitAsync("k", 1);
        var ids = await CreateAsync(Keyed("k", limit, "a"), Keyed("k", limit, "b"));
        var held = Assert.Single(await FetchAsync(10, "a"));
        // Passed over (and maybe parked) twice: a second fetch must not take it either.
        Assert.Empty(await FetchAsync(10, "b"));
        Assert.Empty(await FetchAsync(10, "b"));
        using var work = RecordWork();

        switch (way)
        {
            case SlotFreedBy.Success: Assert.Equal(1, await CompleteAsync(held, StateChange.Succeeded(Now.AddDays(1)))); break;
            case SlotFreedBy.Failure: Assert.Equal(1, await CompleteAsync(held, StateChange.Failed(HistoryKind.Failed, new JobError("E", "boom", ""), "failed", Now.AddDays(1)))); break;
            case SlotFreedBy.Retry: Assert.Equal(1, await CompleteAsync(held, StateChange.Scheduled(HistoryKind.RetryScheduled, Now.AddMinutes(1), "retry"))); break;
            case SlotFreedBy.Deletion: Assert.True(await ChangeStateAsync(held.Id, StateChange.Deleted(HistoryKind.DeletedByUser, Now.AddDays(1)), JobState.Processing)); break;
            case SlotFreedBy.LeaseRescue:
                Advance(Lease + TimeSpan.FromSeconds(1));
                Assert.Equal(1, await RescueAsync());
                break;
            case SlotFreedBy.RaisedLimit: await SetLimitAsync("k", 2); break;
            case SlotFreedBy.RemovedLimit: await SetLimitAsync("k", null); break;
        }

        if (work is not null) await work.WaitForAsync("b");
        var next = Assert.Single(await FetchAsync(10, "b"));
        Assert.Equal(ids[1], next.Id);
    }

    [Fact]
    public async Task Each_run_that_ends_lets_one_more_waiting_job_of_its_key_run_oldest_first()
    {
        var ids = await CreateAsync(Enumerable.Range(0, 6).Select(_ => Keyed("k", 2)).ToArray());
        var running = (await FetchAsync(10)).ToList();
        Assert.Equal([ids[0], ids[1]], Ids(running));
        Assert.Empty(await FetchAsync(10));

        for (var next = 2; next < ids.Count; next++)
        {
            Assert.Equal(1, await CompleteAsync(running[0], StateChange.Succeeded(Now.AddDays(1))));
            running.RemoveAt(0);
            var fetched = Assert.Single(await FetchAsync(10));
            Assert.Equal(ids[next], fetched.Id);
            Assert.Empty(await FetchAsync(10));
            running.Add(fetched);
        }
    }

    [Fact]
    public async Task A_freed_slot_keeps_the_queue_order_of_the_keys_waiting_jobs()
    {
        if (!KeepsQueueOrderWithinAKey) return;
        await CreateAsync(Keyed("k", 1, "low"));
        var held = Assert.Single(await FetchAsync(10, "low"));
        var older = await CreateAsync(Keyed("k", 1, "low"));
        var newer = await CreateAsync(Keyed("k", 1, "high"));
        Assert.Empty(await FetchAsync(10, "high", "low"));

        Assert.Equal(1, await CompleteAsync(held, StateChange.Succeeded(Now.AddDays(1))));

        // The server asks for "high" first: the key's job there runs first, though the one in "low" is older.
        Assert.Equal(newer, Assert.Single(await FetchAsync(10, "high", "low")).Id);
        Assert.Empty(await FetchAsync(10, "high", "low"));
        Assert.Equal(JobState.Enqueued, await GetStateAsync(older));
    }

    [Fact]
    public async Task A_waiting_job_deleted_then_requeued_runs_once_its_key_has_a_slot()
    {
        var ids = await CreateAsync(Keyed("k", 1), Keyed("k", 1));
        var held = Assert.Single(await FetchAsync(10));
        Assert.Empty(await FetchAsync(10));
        Assert.True(await ChangeStateAsync(ids[1], StateChange.Deleted(HistoryKind.DeletedByUser, Now.AddDays(1)), JobState.Enqueued));
        Assert.Equal(1, await CompleteAsync(held, StateChange.Succeeded(Now.AddDays(1))));
        Assert.Empty(await FetchAsync(10));

        Assert.True(await RequeueAsync(ids[1], JobState.Deleted));

        Assert.Equal(ids[1], Assert.Single(await FetchAsync(10)).Id);
    }

    [Fact]
    public async Task A_waiting_job_scheduled_then_due_runs_once_its_key_has_a_slot()
    {
        var ids = await CreateAsync(Keyed("k", 1), Keyed("k", 1));
        var held = Assert.Single(await FetchAsync(10));
        Assert.Empty(await FetchAsync(10));
        Assert.True(await ChangeStateAsync(ids[1], StateChange.Scheduled(HistoryKind.RescheduledByUser, Now.AddSeconds(5), "later"), JobState.Enqueued));
        Assert.Equal(1, await CompleteAsync(held, StateChange.Succeeded(Now.AddDays(1))));

        Advance(5);
        Assert.Equal(1, await EnqueueDueAsync());

        Assert.Equal(ids[1], Assert.Single(await FetchAsync(10)).Id);
    }

    [Fact]
    public async Task Waiting_jobs_of_a_full_key_are_Enqueued_to_every_reader()
    {
        var ids = await CreateAsync(Keyed("k", 1), Keyed("k", 1), Keyed("k", 1), Job(queue: "other"));
        Assert.Single(await FetchAsync(10));
        Assert.Empty(await FetchAsync(10));

        Assert.Equal(JobState.Enqueued, await GetStateAsync(ids[1]));
        Assert.Equal(3, await CountAsync(JobState.Enqueued));
        var queue = Assert.Single(await Store.Queries.GetQueuesAsync(), q => q.Name == "default");
        Assert.Equal(2, queue.Enqueued);
        Assert.NotNull(queue.OldestEnqueuedAt);
        Assert.Equal(Sorted([ids[1], ids[2]]), Sorted((await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10))).Select(j => j.Id).Where(id => id != ids[3])));
        if (ListsWaitingJobsOfAQueue)
            Assert.Equal(Sorted([ids[1], ids[2]]), Sorted((await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10, "default"))).Select(j => j.Id)));
        Assert.Equal(2, (await GetKeyAsync("k"))!.Waiting);
    }

    [Fact]
    public async Task The_jobs_behind_a_hot_keys_backlog_are_taken_in_order_fetch_after_fetch()
    {
        var hot = await CreateAsync(Enumerable.Range(0, 50).Select(_ => Keyed("hot", 1)).ToArray());
        var others = await CreateAsync(Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? Keyed($"other:{i}", 1) : Job()).ToArray());

        Assert.Equal([hot[0], others[0], others[1]], Ids(await FetchAsync(3)));
        Assert.Equal(others.Skip(2).Take(5).ToArray(), Ids(await FetchAsync(5)));
        Assert.Equal(others.Skip(7).ToArray(), Ids(await FetchAsync(100)));
        Assert.Empty(await FetchAsync(100));
        Assert.Equal(49, await CountAsync(JobState.Enqueued));
    }
}
