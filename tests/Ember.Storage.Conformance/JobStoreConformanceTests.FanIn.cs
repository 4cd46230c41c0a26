using Xunit;

namespace Ember.Storage.Conformance;

// Fan-in: a continuation of several parents counts them down in the transactions that finish them, and is released
// exactly once: deleted by the first parent whose outcome its options don't name, or enqueued by the last parent.
public abstract partial class JobStoreConformanceTests
{
    /// <summary>A continuation of every parent given, in order.</summary>
    protected static NewJob FanIn(JobContinuationOptions options, params string[] parentIds) =>
        Continuation(parentIds[0], options, expireAtIfDeleted: Start.AddDays(3)) with { ParentIds = parentIds };

    protected static NewJob FanIn(params string[] parentIds) => FanIn(JobContinuationOptions.OnlyOnSucceededState, parentIds);

    /// <summary>The six orders in which three parents can finish.</summary>
    public static TheoryData<int, int, int> FinishOrders => new() { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };

    private async Task<int> CountReleasesAsync(string continuationId) =>
        (await GetAsync(continuationId)).History.Count(h => h.Kind is HistoryKind.ParentSucceeded or HistoryKind.ParentFailed or HistoryKind.ParentDeleted);

    [Fact]
    public async Task FanIn_continuation_is_created_Awaiting_with_all_its_parents()
    {
        var parents = await CreateAsync(Job(), Job(), Job());

        var id = await CreateAsync(FanIn(parents[2], parents[0], parents[1]));

        var details = await GetAsync(id);
        Assert.Equal((JobState.Awaiting, parents[2]), (details.Job.State, details.Job.ParentId));
        Assert.Equal([parents[2], parents[0], parents[1]], details.ParentIds);
        foreach (var parent in parents) Assert.Equal([id], await Store.Queries.GetContinuationIdsAsync(parent));
    }

    [Fact]
    public async Task Continuation_of_one_parent_lists_it_as_its_only_parent()
    {
        var parent = await CreateEnqueuedAsync();

        var details = await GetAsync(await CreateAsync(Continuation(parent)));

        Assert.Equal([parent], details.ParentIds);
        Assert.Empty((await GetAsync(parent)).ParentIds);
    }

    [Theory]
    [MemberData(nameof(FinishOrders))]
    public async Task FanIn_is_released_once_when_the_last_of_three_parents_finishes_in_any_order(int first, int second, int third)
    {
        var parents = await CreateAsync(Job(queue: "p"), Job(queue: "p"), Job(queue: "p"));
        var id = await CreateAsync(FanIn(parents.ToArray()));
        var runs = (await FetchAsync(3, "p")).ToDictionary(r => r.Id);

        foreach (var i in new[] { first, second })
        {
            Assert.Equal(1, await CompleteAsync(runs[parents[i]], Finish(JobState.Succeeded)));
            Assert.Equal(JobState.Awaiting, await GetStateAsync(id));
        }
        Advance(3);
        Assert.Equal(1, await CompleteAsync(runs[parents[third]], Finish(JobState.Succeeded)));

        await AssertReleasedAsync(id, parents[0], JobState.Succeeded, JobState.Enqueued, null);
        Assert.Equal(1, await CountReleasesAsync(id));
        Assert.Equal(id, Assert.Single(await FetchAsync()).Id);
    }

    [Fact]
    public async Task FanIn_parents_finishing_concurrently_release_it_exactly_once()
    {
        for (var round = 0; round < 5; round++)
        {
            var parents = await CreateAsync(Enumerable.Range(0, 6).Select(_ => Job(queue: "c")).ToArray());
            var id = await CreateAsync(FanIn(parents.ToArray()));
            var runs = await FetchAsync(6, "c");

            var applied = await Task.WhenAll(runs.Select(run => Task.Run(() => CompleteAsync(run, Finish(JobState.Succeeded)))));

            Assert.All(applied, n => Assert.Equal(1, n));
            Assert.Equal((JobState.Enqueued, 1), (await GetStateAsync(id), await CountReleasesAsync(id)));
            Assert.Equal(id, Assert.Single(await FetchAsync()).Id);
        }
    }

    [Fact]
    public async Task FanIn_parents_finishing_in_one_call_release_it_once()
    {
        var parents = await CreateAsync(Job(queue: "p"), Job(queue: "p"), Job(queue: "p"));
        var id = await CreateAsync(FanIn(parents.ToArray()));
        var runs = await FetchAsync(3, "p");

        Assert.Equal(3, await CompleteAsync(runs.Select(r => new JobCompletion(r.Id, r.LeaseToken, Finish(JobState.Succeeded))).ToArray()));

        Assert.Equal((JobState.Enqueued, 1), (await GetStateAsync(id), await CountReleasesAsync(id)));
    }

    [Fact]
    public async Task FanIn_is_deleted_by_the_first_parent_whose_outcome_its_options_do_not_name_and_left_alone_after()
    {
        var parents = await CreateAsync(Job(queue: "p"), Job(queue: "p"), Job(queue: "p"));
        var id = await CreateAsync(FanIn(parents.ToArray()));
        var runs = (await FetchAsync(3, "p")).ToDictionary(r => r.Id);
        Assert.Equal(1, await CompleteAsync(runs[parents[1]], Finish(JobState.Succeeded)));

        Advance(2);
        Assert.Equal(1, await CompleteAsync(runs[parents[2]], Finish(JobState.Failed)));

        await AssertReleasedAsync(id, parents[0], JobState.Failed, JobState.Deleted, ContinuationsExpireAt);
        Advance(2);
        Assert.Equal(1, await CompleteAsync(runs[parents[0]], Finish(JobState.Succeeded)));
        Assert.Equal((JobState.Deleted, 1), (await GetStateAsync(id), await CountReleasesAsync(id)));
    }

    [Fact]
    public async Task FanIn_on_any_finished_state_runs_after_mixed_outcomes()
    {
        var parents = await CreateAsync(Job(queue: "p"), Job(queue: "p"), Job(queue: "p"));
        var id = await CreateAsync(FanIn(OnAnyFinish, parents.ToArray()));
        var runs = (await FetchAsync(3, "p")).ToDictionary(r => r.Id);

        Assert.Equal(1, await CompleteAsync(runs[parents[0]], Finish(JobState.Failed)));
        Assert.True(await ChangeStateAsync(parents[1], Finish(JobState.Deleted), JobState.Processing));
        Assert.Equal(JobState.Awaiting, await GetStateAsync(id));
        Assert.Equal(1, await CompleteAsync(runs[parents[2]], Finish(JobState.Succeeded)));

        await AssertReleasedAsync(id, parents[0], JobState.Succeeded, JobState.Enqueued, null);
    }

    [Fact]
    public async Task FanIn_parent_finishing_again_counts_once()
    {
        var parents = await CreateAsync(Job(queue: "p"), Job(queue: "p"));
        var id = await CreateAsync(FanIn(OnAnyFinish, parents.ToArray()));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(parents[0], "p"), Finish(JobState.Failed)));
        Assert.True(await RequeueAsync(parents[0], JobState.Failed));

        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(parents[0], "p"), Finish(JobState.Succeeded)));

        Assert.Equal(JobState.Awaiting, await GetStateAsync(id));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(parents[1], "p"), Finish(JobState.Succeeded)));
        Assert.Equal((JobState.Enqueued, 1), (await GetStateAsync(id), await CountReleasesAsync(id)));
    }

    [Fact]
    public async Task FanIn_waits_for_the_parents_that_have_not_finished_at_creation()
    {
        var done = await StartAsync("p");
        Assert.Equal(1, await CompleteAsync(done, Finish(JobState.Succeeded)));
        var waiting = await CreateEnqueuedAsync("p");

        var id = await CreateAsync(FanIn(done.Id, waiting));

        Assert.Equal(JobState.Awaiting, await GetStateAsync(id));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(waiting, "p"), Finish(JobState.Succeeded)));
        Assert.Equal((JobState.Enqueued, 1), (await GetStateAsync(id), await CountReleasesAsync(id)));
    }

    [Fact]
    public async Task FanIn_of_parents_all_finished_at_creation_is_released_at_once()
    {
        var first = await StartAsync("p");
        Assert.Equal(1, await CompleteAsync(first, Finish(JobState.Succeeded)));
        var second = await CreateEnqueuedAsync("p");
        Assert.True(await ChangeStateAsync(second, Finish(JobState.Deleted), JobState.Enqueued));
        Advance(4);

        var ids = await CreateAsync(FanIn(OnAnyFinish, first.Id, second), FanIn(first.Id, second));

        await AssertReleasedAsync(ids[0], first.Id, JobState.Deleted, JobState.Enqueued, null);
        await AssertReleasedAsync(ids[1], first.Id, JobState.Deleted, JobState.Deleted, Start.AddDays(3));
        Assert.Equal(ids[0], Assert.Single(await FetchAsync()).Id);
    }

    [Fact]
    public async Task FanIn_deleted_at_creation_by_a_finished_parent_deletes_its_own_continuations()
    {
        var failed = await StartAsync("p");
        Assert.Equal(1, await CompleteAsync(failed, Finish(JobState.Failed)));
        var waiting = await CreateEnqueuedAsync("p");
        var id = await CreateAsync(FanIn(waiting, failed.Id));

        Assert.Equal(JobState.Deleted, await GetStateAsync(id));
        var next = await CreateAsync(Continuation(id));
        Assert.Equal(JobState.Deleted, await GetStateAsync(next));
    }

    [Fact]
    public async Task FanIn_is_released_after_a_parent_was_pruned()
    {
        var parents = await CreateAsync(Job(queue: "p"), Job(queue: "p"));
        var id = await CreateAsync(FanIn(parents.ToArray()));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(parents[0], "p"), Finish(JobState.Succeeded)));
        Advance(TimeSpan.FromDays(1.5));
        Assert.Equal(1, await DeleteExpiredAsync());
        Assert.Null(await Store.Queries.GetJobAsync(parents[0]));

        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(parents[1], "p"), Finish(JobState.Succeeded)));

        Assert.Equal((JobState.Enqueued, 1), (await GetStateAsync(id), await CountReleasesAsync(id)));
    }

    [Fact]
    public async Task FanIn_deleted_chain_goes_down_from_a_fan_in()
    {
        var parents = await CreateAsync(Job(), Job());
        var fanIn = await CreateAsync(FanIn(parents.ToArray()));
        var next = await CreateAsync(Continuation(fanIn));

        Assert.True(await ChangeStateAsync(parents[1], Finish(JobState.Deleted), JobState.Enqueued));

        Assert.Equal((JobState.Deleted, JobState.Deleted, JobState.Enqueued), (await GetStateAsync(fanIn), await GetStateAsync(next), await GetStateAsync(parents[0])));
    }

    [Fact]
    public async Task FanIn_with_a_missing_parent_throws_and_stores_nothing()
    {
        var existing = await CreateEnqueuedAsync();

        var error = await Assert.ThrowsAsync<JobNotFoundException>(() => CreateAsync(Job(), FanIn(existing, "999999999")));

        Assert.Equal("999999999", error.JobId);
        Assert.Equal(1L, await CountAllAsync());
        Assert.Empty(await Store.Queries.GetContinuationIdsAsync(existing));
    }

    [Fact]
    public async Task FanIn_that_names_a_parent_twice_or_not_its_ParentId_first_is_refused()
    {
        var a = await CreateEnqueuedAsync();
        var b = await CreateEnqueuedAsync();

        var twice = await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(FanIn(a, b, a)));
        Assert.Contains("twice", twice.Message, StringComparison.Ordinal);
        var notFirst = await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(FanIn(a, b) with { ParentId = b }));
        Assert.Contains("ParentIds[0]", notFirst.Message, StringComparison.Ordinal);
        Assert.Equal(2L, await CountAllAsync());
    }
}
