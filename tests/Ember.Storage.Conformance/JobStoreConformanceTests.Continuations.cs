using Xunit;

namespace Ember.Storage.Conformance;

// Continuations: Awaiting jobs that name a parent and are released, in the same transaction as the change that
// finishes the parent, to Enqueued or Deleted as ContinuationRules says.
public abstract partial class JobStoreConformanceTests
{
    private const JobContinuationOptions OnSuccess = JobContinuationOptions.OnlyOnSucceededState;
    private const JobContinuationOptions OnAnyFinish = JobContinuationOptions.OnAnyFinishedState;

    /// <summary>When the finishing changes below make their continuations prunable: distinct from the parent's own expiry.</summary>
    private static readonly DateTimeOffset ContinuationsExpireAt = Start.AddDays(2);

    /// <summary>How a parent finishes, the option of its continuation, and the state the continuation is released to.</summary>
    public static TheoryData<JobState, JobContinuationOptions, JobState> Releases => new()
    {
        { JobState.Succeeded, OnSuccess, JobState.Enqueued },
        { JobState.Succeeded, OnAnyFinish, JobState.Enqueued },
        { JobState.Failed, OnSuccess, JobState.Deleted },
        { JobState.Failed, OnAnyFinish, JobState.Enqueued },
        { JobState.Deleted, OnSuccess, JobState.Deleted },
        { JobState.Deleted, OnAnyFinish, JobState.Enqueued },
        { JobState.Succeeded, JobContinuationOptions.OnlyOnFailedState, JobState.Deleted },
        { JobState.Failed, JobContinuationOptions.OnlyOnFailedState, JobState.Enqueued },
        { JobState.Deleted, JobContinuationOptions.OnlyOnFailedState, JobState.Deleted },
        { JobState.Deleted, JobContinuationOptions.OnlyOnDeletedState, JobState.Enqueued },
        { JobState.Succeeded, JobContinuationOptions.OnlyOnDeletedState, JobState.Deleted },
        { JobState.Failed, OnSuccess | JobContinuationOptions.OnlyOnFailedState, JobState.Enqueued },
        { JobState.Deleted, OnSuccess | JobContinuationOptions.OnlyOnFailedState, JobState.Deleted },
        { JobState.Deleted, OnSuccess | JobContinuationOptions.OnlyOnDeletedState, JobState.Enqueued },
        { JobState.Failed, JobContinuationOptions.OnlyOnFailedState | JobContinuationOptions.OnlyOnDeletedState, JobState.Enqueued },
    };

    /// <summary>A change that finishes a job, as the core makes it: its own expiry, and one for the continuations it deletes.</summary>
    private StateChange Finish(JobState state) => new()
    {
        State = state, Kind = HistoryKind.ChosenByFilter, Reason = $"Parent {state}", ExpireAt = Now.AddDays(1), ContinuationsExpireAt = ContinuationsExpireAt,
    };

    /// <summary>Finishes a job in the usual way for <paramref name="state"/>: a run's outcome, or a user's delete.</summary>
    private async Task FinishAsync(string jobId, JobState state)
    {
        if (state == JobState.Deleted)
            Assert.True(await ChangeStateAsync(jobId, Finish(state), JobState.Enqueued, JobState.Processing));
        else
            Assert.Equal(1, await CompleteAsync(await FetchOneAsync(jobId, (await GetInfoAsync(jobId)).Queue), Finish(state)));
    }

    /// <summary>Checks a continuation was released by <paramref name="parentId"/> just now, as the rules say.</summary>
    private async Task AssertReleasedAsync(string continuationId, string parentId, JobState parentState, JobState released, DateTimeOffset? expireAtIfDeleted)
    {
        var details = await GetAsync(continuationId);
        Assert.Equal(
            (released, Now, released == JobState.Deleted ? expireAtIfDeleted : null, parentId),
            (details.Job.State, details.Job.StateChangedAt, details.Job.ExpireAt, details.Job.ParentId));
        var entry = details.History[^1];
        Assert.Equal((released, ContinuationRules.KindOf(parentState), Now, (string?)null), (entry.State, entry.Kind, entry.At, entry.Reason));
    }

    // ---- Creating ----

    [Theory]
    [InlineData(OnSuccess)]
    [InlineData(OnAnyFinish)]
    [InlineData(OnSuccess | JobContinuationOptions.OnlyOnFailedState | JobContinuationOptions.OnlyOnDeletedState)]
    [InlineData(JobContinuationOptions.OnlyOnDeletedState)]
    public async Task Continuation_is_created_Awaiting_with_its_parent_and_options(JobContinuationOptions options)
    {
        var parent = await CreateEnqueuedAsync();
        Advance(5);

        var id = await CreateAsync(Continuation(parent, options, "next", expireAtIfDeleted: Now.AddDays(3), invocation: """{"then":1}""") with { Reason = "Continuation" });

        var details = await GetAsync(id);
        Assert.Equal(
            (JobState.Awaiting, "next", """{"then":1}""", parent, options, Now, (DateTimeOffset?)null),
            (details.Job.State, details.Job.Queue, details.Job.Invocation, details.Job.ParentId, details.Job.ContinuationOptions, details.Job.StateChangedAt, details.Job.ExpireAt));
        Assert.Equal(new StateHistoryEntry(JobState.Awaiting, HistoryKind.Created, Now, "Continuation", null, null, null), Assert.Single(details.History));
        Assert.Equal(JobState.Enqueued, await GetStateAsync(parent));
    }

    [Fact]
    public async Task Job_that_is_not_a_continuation_has_no_parent()
    {
        var job = await GetInfoAsync(await CreateEnqueuedAsync());

        Assert.Equal(((string?)null, OnSuccess), (job.ParentId, job.ContinuationOptions));
    }

    [Fact]
    public async Task Continuation_waits_while_its_parent_has_not_finished()
    {
        var enqueued = await CreateEnqueuedAsync("waiting");
        var scheduled = await CreateScheduledAsync(Start.AddHours(1), "parents");
        var processing = await StartAsync("parents");
        var awaiting = await CreateAsync(Continuation(enqueued, queue: "parents"));

        var ids = await CreateAsync(Continuation(enqueued, OnAnyFinish), Continuation(scheduled), Continuation(processing.Id), Continuation(awaiting));

        Assert.Empty(await FetchAsync(100));
        foreach (var id in ids) Assert.Equal(JobState.Awaiting, await GetStateAsync(id));
    }

    [Fact]
    public async Task Create_with_a_missing_parent_throws_and_stores_nothing()
    {
        var existing = await CreateEnqueuedAsync();

        foreach (var missing in UnknownIds)
        {
            var error = await Assert.ThrowsAsync<JobNotFoundException>(() => CreateAsync(Job(), Continuation(existing), Continuation(missing), Job()));
            Assert.Equal(missing, error.JobId);
        }

        Assert.Equal((1L, 1L), (await CountAllAsync(), await CountAsync(JobState.Enqueued)));
        Assert.Empty(await Store.Queries.GetContinuationIdsAsync(existing));
    }

    [Fact]
    public async Task Create_with_a_missing_parent_leaves_the_store_usable()
    {
        var before = await CreateEnqueuedAsync();
        await Assert.ThrowsAsync<JobNotFoundException>(() => CreateAsync(Job(), Continuation("999999999")));

        var after = await CreateAsync(Job(), Continuation(before));

        string[] all = [before, .. after];
        Assert.Equal(Sorted(all), all);
        Assert.Equal(3L, await CountAllAsync());
        Assert.Equal([after[1]], await Store.Queries.GetContinuationIdsAsync(before));
    }

    [Fact]
    public async Task Create_of_an_Awaiting_job_without_a_parent_is_refused_and_stores_nothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(Job(), Job(JobState.Awaiting)));

        Assert.Equal(0L, await CountAllAsync());
    }

    [Theory]
    [InlineData(JobState.Enqueued)]
    [InlineData(JobState.Scheduled)]
    public async Task Create_of_a_job_with_a_parent_that_is_not_Awaiting_is_refused_and_stores_nothing(JobState state)
    {
        var parent = await CreateEnqueuedAsync();
        var job = Job(state, scheduledAt: state == JobState.Scheduled ? Start.AddHours(1) : null) with { ParentId = parent };

        await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(Job(), job));

        Assert.Equal(1L, await CountAllAsync());
        Assert.Empty(await Store.Queries.GetContinuationIdsAsync(parent));
    }

    // ---- Released by the parent's finishing change ----

    [Theory]
    [MemberData(nameof(Releases))]
    public async Task Continuation_is_released_when_its_parent_run_finishes(JobState outcome, JobContinuationOptions options, JobState released)
    {
        var parent = await StartAsync("parents");
        var id = await CreateAsync(Continuation(parent.Id, options));
        Advance(5);

        Assert.Equal(1, await CompleteAsync(parent, Finish(outcome)));

        await AssertReleasedAsync(id, parent.Id, outcome, released, ContinuationsExpireAt);
        var parentJob = await GetInfoAsync(parent.Id);
        Assert.Equal((outcome, Now.AddDays(1)), (parentJob.State, parentJob.ExpireAt));
    }

    [Theory]
    [MemberData(nameof(Releases))]
    public async Task Continuation_is_released_when_its_parent_is_moved_to_a_final_state(JobState state, JobContinuationOptions options, JobState released)
    {
        var parent = await CreateEnqueuedAsync("parents");
        var id = await CreateAsync(Continuation(parent, options));
        Advance(5);

        Assert.True(await ChangeStateAsync(parent, Finish(state), JobState.Enqueued));

        await AssertReleasedAsync(id, parent, state, released, ContinuationsExpireAt);
    }

    [Theory]
    [InlineData(JobState.Succeeded)]
    [InlineData(JobState.Failed)]
    [InlineData(JobState.Deleted)]
    public async Task Released_continuation_is_fetchable_only_when_Enqueued(JobState parentState)
    {
        var parent = await CreateEnqueuedAsync("parents");
        var ids = await CreateAsync(Continuation(parent, OnSuccess, "next"), Continuation(parent, OnAnyFinish, "next"));

        await FinishAsync(parent, parentState);

        var fetched = await FetchAsync(100, "next");
        Assert.Equal(parentState == JobState.Succeeded ? ids : [ids[1]], Ids(fetched));
        Assert.All(fetched, f => Assert.Equal(1, f.Attempt));
    }

    [Fact]
    public async Task Parent_that_is_retried_requeued_or_rescued_does_not_release_its_continuations()
    {
        var parent = await CreateEnqueuedAsync("parents");
        var id = await CreateAsync(Continuation(parent, OnAnyFinish));

        var run = await FetchOneAsync(parent, "parents");
        Assert.Equal(1, await CompleteAsync(run, new StateChange { State = JobState.Scheduled, ScheduledAt = Now, Reason = "Retry 1" }));
        Assert.Equal(1, await EnqueueDueAsync());
        run = await FetchOneAsync(parent, "parents");
        Assert.Equal(1, await CompleteAsync(run, new StateChange { State = JobState.Enqueued, Reason = "Server shutting down" }));
        await FetchOneAsync(parent, "parents");
        Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RescueAsync());
        await FetchOneAsync(parent, "parents");
        Assert.True(await RequeueAsync(parent, JobState.Processing));

        var details = await GetAsync(id);
        Assert.Equal(JobState.Awaiting, details.Job.State);
        Assert.Single(details.History);
        Assert.Empty(await FetchAsync(100));
    }

    [Fact]
    public async Task Parent_finishing_again_leaves_its_released_continuations_alone()
    {
        var parent = await CreateEnqueuedAsync("parents");
        var id = await CreateAsync(Continuation(parent));
        await FinishAsync(parent, JobState.Succeeded);
        var continuationRun = await FetchOneAsync(id);
        Assert.True(await RequeueAsync(parent, JobState.Succeeded));
        var before = await GetAsync(id);

        await FinishAsync(parent, JobState.Failed);

        var after = await GetAsync(id);
        Assert.Equal(before.Job, after.Job);
        Assert.Equal(before.History, after.History);
        Assert.Empty(await ExtendAsync(Lease, Held(continuationRun)));
    }

    [Fact]
    public async Task Continuation_deleted_while_waiting_is_left_alone_when_its_parent_finishes_and_releases_its_own()
    {
        var parent = await CreateEnqueuedAsync("parents");
        var deleted = await CreateAsync(Continuation(parent, OnAnyFinish));
        var grandchildren = await CreateAsync(Continuation(deleted, OnSuccess), Continuation(deleted, OnAnyFinish));
        Advance(5);

        Assert.True(await ChangeStateAsync(deleted, Finish(JobState.Deleted), JobState.Awaiting));
        await AssertReleasedAsync(grandchildren[0], deleted, JobState.Deleted, JobState.Deleted, ContinuationsExpireAt);
        await AssertReleasedAsync(grandchildren[1], deleted, JobState.Deleted, JobState.Enqueued, ContinuationsExpireAt);
        var before = await GetAsync(deleted);
        Advance(5);

        await FinishAsync(parent, JobState.Succeeded);

        var after = await GetAsync(deleted);
        Assert.Equal(before.Job, after.Job);
        Assert.Equal(before.History, after.History);
    }

    [Fact]
    public async Task Continuation_released_to_Enqueued_does_not_release_its_own_continuations()
    {
        var parent = await CreateEnqueuedAsync("parents");
        var child = await CreateAsync(Continuation(parent, OnAnyFinish));
        var grandchild = await CreateAsync(Continuation(child, OnAnyFinish));

        await FinishAsync(parent, JobState.Failed);

        Assert.Equal(JobState.Enqueued, await GetStateAsync(child));
        Assert.Equal(JobState.Awaiting, await GetStateAsync(grandchild));
        Assert.Single((await GetAsync(grandchild)).History);

        await FinishAsync(child, JobState.Succeeded);

        await AssertReleasedAsync(grandchild, child, JobState.Succeeded, JobState.Enqueued, ContinuationsExpireAt);
    }

    [Fact]
    public async Task Deleting_the_head_of_a_chain_deletes_the_whole_chain_in_one_call()
    {
        const int length = 50;
        var head = await CreateEnqueuedAsync("parents");
        var chain = new List<string>();
        for (var i = 0; i < length; i++) chain.Add(await CreateAsync(Continuation(i == 0 ? head : chain[^1])));
        Advance(5);

        Assert.True(await ChangeStateAsync(head, Finish(JobState.Deleted), JobState.Enqueued));

        for (var i = 0; i < length; i++)
        {
            await AssertReleasedAsync(chain[i], i == 0 ? head : chain[i - 1], JobState.Deleted, JobState.Deleted, ContinuationsExpireAt);
            Assert.Equal(2, (await GetAsync(chain[i])).History.Count);
        }
        Assert.Equal((length + 1L, 0L), (await CountAsync(JobState.Deleted), await CountAsync(JobState.Awaiting)));
    }

    [Fact]
    public async Task Failing_the_head_of_a_chain_deletes_down_to_the_first_continuation_that_runs_on_any_finish()
    {
        var head = await CreateEnqueuedAsync("parents");
        var first = await CreateAsync(Continuation(head, OnSuccess));
        var second = await CreateAsync(Continuation(first, OnAnyFinish));
        var third = await CreateAsync(Continuation(second, OnSuccess));
        Advance(5);

        await FinishAsync(head, JobState.Failed);

        await AssertReleasedAsync(first, head, JobState.Failed, JobState.Deleted, ContinuationsExpireAt);
        await AssertReleasedAsync(second, first, JobState.Deleted, JobState.Enqueued, ContinuationsExpireAt);
        Assert.Equal(JobState.Awaiting, await GetStateAsync(third));
    }

    [Fact]
    public async Task Completing_a_parent_releases_all_its_continuations_at_once()
    {
        const int count = 200;
        var parent = await StartAsync("parents");
        var ids = await CreateAsync(Enumerable.Range(0, count).Select(i => Continuation(parent.Id, i % 2 == 0 ? OnSuccess : OnAnyFinish, invocation: $$"""{"n":{{i}}}""")).ToArray());
        Advance(5);

        Assert.Equal(1, await CompleteAsync(parent, Finish(JobState.Succeeded)));

        Assert.Equal(((long)count, 0L), (await CountAsync(JobState.Enqueued), await CountAsync(JobState.Awaiting)));
        var fetched = await FetchAsync(count + 1);
        Assert.Equal(ids, Ids(fetched));
        Assert.Equal(Enumerable.Range(0, count).Select(i => $$"""{"n":{{i}}}"""), fetched.OrderBy(f => f.Id, JobIdComparer).Select(f => f.Invocation));
    }

    // ---- Created after the parent finished ----

    [Theory]
    [MemberData(nameof(Releases))]
    public async Task Continuation_of_a_finished_parent_is_released_at_once(JobState parentState, JobContinuationOptions options, JobState released)
    {
        var parent = await CreateEnqueuedAsync("parents");
        await FinishAsync(parent, parentState);
        Advance(5);

        var id = await CreateAsync(Continuation(parent, options, expireAtIfDeleted: Now.AddDays(3)));

        await AssertReleasedAsync(id, parent, parentState, released, Now.AddDays(3));
        string[] fetchable = released == JobState.Enqueued ? [id] : [];
        Assert.Equal(fetchable, Ids(await FetchAsync(100)));
    }

    [Fact]
    public async Task Create_releases_the_continuations_of_finished_parents_and_leaves_the_others_waiting()
    {
        var parent = await CreateEnqueuedAsync("parents");
        await FinishAsync(parent, JobState.Failed);
        var waiting = await CreateEnqueuedAsync("parents");
        Advance(5);

        var ids = await CreateAsync(Continuation(parent, OnSuccess, expireAtIfDeleted: Now.AddDays(3)), Continuation(waiting));

        await AssertReleasedAsync(ids[0], parent, JobState.Failed, JobState.Deleted, Now.AddDays(3));
        Assert.Equal(JobState.Awaiting, await GetStateAsync(ids[1]));
        Assert.Equal(JobState.Enqueued, await GetStateAsync(waiting));
    }

    // ---- GetContinuationIds ----

    [Fact]
    public async Task GetContinuationIds_lists_waiting_and_released_continuations_oldest_first()
    {
        var parent = await CreateEnqueuedAsync("parents");
        var other = await CreateEnqueuedAsync("parents");
        var first = await CreateAsync(Continuation(parent), Continuation(other), Continuation(parent, OnAnyFinish));
        var second = await CreateAsync(Continuation(parent));
        Assert.Equal([first[0], first[2], second], await Store.Queries.GetContinuationIdsAsync(parent));

        await FinishAsync(parent, JobState.Succeeded);
        var late = await CreateAsync(Continuation(parent));

        Assert.Equal([first[0], first[2], second, late], await Store.Queries.GetContinuationIdsAsync(parent));
        Assert.Equal([first[1]], await Store.Queries.GetContinuationIdsAsync(other));
    }

    [Fact]
    public async Task GetContinuationIds_lists_only_direct_continuations()
    {
        var parent = await CreateEnqueuedAsync("parents");
        var child = await CreateAsync(Continuation(parent));
        var grandchild = await CreateAsync(Continuation(child));

        Assert.Equal([child], await Store.Queries.GetContinuationIdsAsync(parent));
        Assert.Equal([grandchild], await Store.Queries.GetContinuationIdsAsync(child));
        Assert.Empty(await Store.Queries.GetContinuationIdsAsync(grandchild));
    }

    [Fact]
    public async Task GetContinuationIds_of_an_unknown_or_malformed_id_is_empty()
    {
        await CreateAsync(Continuation(await CreateEnqueuedAsync()));

        foreach (var id in UnknownIds) Assert.Empty(await Store.Queries.GetContinuationIdsAsync(id));
    }

    // ---- Notifications and pruning ----

    [Fact]
    public async Task Notifications_report_a_continuation_once_it_is_released_to_Enqueued()
    {
        var parent = await StartAsync("parents");
        using var work = RecordWork();
        if (work is null) return;

        await CreateAsync(Continuation(parent.Id, queue: "next"));
        await CreateEnqueuedAsync("marker");
        await work.WaitForAsync("marker");
        Assert.Equal(["marker"], work.Queues);

        Assert.Equal(1, await CompleteAsync(parent, Finish(JobState.Succeeded)));

        await work.WaitForAsync("next");
    }

    [Fact]
    public async Task Notifications_report_a_continuation_created_Enqueued_because_its_parent_had_finished()
    {
        var parent = await CreateEnqueuedAsync("parents");
        await FinishAsync(parent, JobState.Succeeded);
        using var work = RecordWork();
        if (work is null) return;

        await CreateAsync(Continuation(parent, queue: "next"));

        await work.WaitForAsync("next");
    }

    [Fact]
    public async Task DeleteExpiredJobs_of_a_parent_leaves_its_released_continuations_intact()
    {
        var parent = await CreateEnqueuedAsync("parents");
        var ids = await CreateAsync(Continuation(parent), Continuation(parent, OnAnyFinish));
        await FinishAsync(parent, JobState.Succeeded);
        var before = await Task.WhenAll(ids.Select(GetAsync));
        Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await DeleteExpiredAsync());

        Assert.Null(await Store.Queries.GetJobAsync(parent));
        Assert.Empty(await Store.Queries.GetContinuationIdsAsync(parent));
        var after = await Task.WhenAll(ids.Select(GetAsync));
        Assert.Equal(before.Select(d => d.Job), after.Select(d => d.Job));
        Assert.Equal(before.Select(d => d.History.Count), after.Select(d => d.History.Count));
        Assert.Equal(ids, Ids(await FetchAsync(100)));
    }

    [Fact]
    public async Task DeleteExpiredJobs_of_a_deleted_continuation_removes_it_from_its_parents_list()
    {
        var parent = await CreateEnqueuedAsync("parents");
        var ids = await CreateAsync(Continuation(parent, OnSuccess), Continuation(parent, OnAnyFinish));
        var fail = new StateChange { State = JobState.Failed, ExpireAt = Start.AddDays(1), ContinuationsExpireAt = Start.AddHours(1) };
        Assert.True(await ChangeStateAsync(parent, fail, JobState.Enqueued));
        Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await DeleteExpiredAsync());

        Assert.Null(await Store.Queries.GetJobAsync(ids[0]));
        Assert.Equal([ids[1]], await Store.Queries.GetContinuationIdsAsync(parent));
        Assert.Equal((JobState.Failed, JobState.Enqueued), (await GetStateAsync(parent), await GetStateAsync(ids[1])));
    }

    [Fact]
    public async Task Continuation_of_a_pruned_parent_is_refused()
    {
        var parent = await CreateEnqueuedAsync("parents");
        await FinishAsync(parent, JobState.Succeeded);
        Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await DeleteExpiredAsync());

        var error = await Assert.ThrowsAsync<JobNotFoundException>(() => CreateAsync(Continuation(parent)));

        Assert.Equal(parent, error.JobId);
        Assert.Equal(0L, await CountAllAsync());
    }
}
