using Xunit;

namespace Ember.Storage.Conformance;

// Batches: created with their jobs in one transaction, counted by the changes of their members (BatchRules), finished
// in the transaction that finishes the last member, and then a finished parent for their continuations.
public abstract partial class JobStoreConformanceTests
{
    protected static NewBatch Batch(params NewJob[] jobs) => new() { Jobs = jobs };

    protected async Task<CreatedBatch> CreateBatchAsync(NewBatch batch, string? attachTo = null) =>
        await Store.CreateBatchAsync(new CreateBatchRequest(batch) { AttachTo = attachTo });

    protected async Task<BatchInfo> GetBatchAsync(string batchId)
    {
        var batch = await Store.Queries.GetBatchAsync(batchId);
        Assert.NotNull(batch);
        return batch;
    }

    private static (BatchState, long, long, long, long, long) Counts(BatchInfo b) => (b.State, b.Total, b.Succeeded, b.Failed, b.Deleted, b.Pending);

    /// <summary>How the members of a three-job batch end, and the state the batch finishes in.</summary>
    public static TheoryData<JobState, BatchState> BatchOutcomes => new()
    {
        { JobState.Succeeded, BatchState.Succeeded },
        { JobState.Failed, BatchState.Completed },
        { JobState.Deleted, BatchState.Completed },
    };

    [Fact]
    public async Task CreateBatch_stores_the_batch_and_its_jobs_in_their_states()
    {
        var outside = await CreateEnqueuedAsync();
        Advance(1);

        var created = await CreateBatchAsync(new NewBatch
        {
            Description = "nightly import",
            Jobs = [Job(queue: "b"), Job(JobState.Scheduled, "b", Start.AddHours(1)), Continuation(outside, queue: "b")],
        });

        Assert.Equal(3, created.JobIds.Count);
        Assert.Empty(created.BatchIds);
        var batch = await GetBatchAsync(created.BatchId);
        Assert.Equal((created.BatchId, "nightly import", (string?)null, Now, (DateTimeOffset?)null, false),
            (batch.Id, batch.Description, batch.ParentBatchId, batch.CreatedAt, batch.FinishedAt, batch.Cancelled));
        Assert.Equal((BatchState.Started, 3L, 0L, 0L, 0L, 3L), Counts(batch));
        Assert.Equal([JobState.Enqueued, JobState.Scheduled, JobState.Awaiting], [.. await Task.WhenAll(created.JobIds.Select(GetStateAsync))]);
        foreach (var id in created.JobIds) Assert.Equal(created.BatchId, (await GetInfoAsync(id)).BatchId);
        Assert.Null((await GetInfoAsync(outside)).BatchId);
        Assert.Null(await Store.Queries.GetJobAsync(created.BatchId));
        Assert.Equal(created.JobIds.Reverse(), (await Store.Queries.GetBatchJobsAsync(new BatchJobsRequest(created.BatchId, 10))).Select(j => j.Id));
        Assert.Equal(created.JobIds[0], Assert.Single(await FetchAsync(10, "b")).Id);
    }

    [Fact]
    public async Task CreateBatch_with_a_bad_job_anywhere_stores_nothing()
    {
        var existing = await CreateEnqueuedAsync();

        await Assert.ThrowsAsync<JobNotFoundException>(() => CreateBatchAsync(new NewBatch
        {
            Jobs = [Job(), Continuation(existing)], Batches = [Batch(Job(), Continuation("999999999"))],
        }));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateBatchAsync(Batch(Job(), Job(JobState.Processing))));

        Assert.Equal(1L, await CountAllAsync());
        Assert.Empty(await Store.Queries.GetBatchesAsync(new BatchListRequest(10)));
        Assert.Empty(await Store.Queries.GetContinuationIdsAsync(existing));
    }

    [Theory]
    [MemberData(nameof(BatchOutcomes))]
    public async Task Batch_counts_its_members_and_finishes_with_the_last(JobState lastOutcome, BatchState finished)
    {
        var created = await CreateBatchAsync(Batch(Job(queue: "b"), Job(queue: "b"), Job(queue: "b")));
        var runs = await FetchAsync(3, "b");
        Assert.Equal(3L, (await GetBatchAsync(created.BatchId)).Running);

        Assert.Equal(1, await CompleteAsync(runs[0], Finish(JobState.Succeeded)));
        Assert.Equal(1, await CompleteAsync(runs[1], Finish(JobState.Succeeded)));
        var batch = await GetBatchAsync(created.BatchId);
        Assert.Equal((BatchState.Started, 3L, 2L, 0L, 0L, 1L, 1L), (batch.State, batch.Total, batch.Succeeded, batch.Failed, batch.Deleted, batch.Pending, batch.Running));

        Advance(5);
        if (lastOutcome == JobState.Deleted) Assert.True(await ChangeStateAsync(runs[2].Id, Finish(JobState.Deleted), JobState.Processing));
        else Assert.Equal(1, await CompleteAsync(runs[2], Finish(lastOutcome)));

        batch = await GetBatchAsync(created.BatchId);
        Assert.Equal((finished, 3L, lastOutcome == JobState.Succeeded ? 3L : 2L, lastOutcome == JobState.Failed ? 1L : 0L, lastOutcome == JobState.Deleted ? 1L : 0L, 0L), Counts(batch));
        Assert.Equal((Now, 0L), (batch.FinishedAt, batch.Running));
    }

    [Theory]
    [InlineData(JobState.Succeeded, OnSuccess, JobState.Enqueued)]
    [InlineData(JobState.Succeeded, OnAnyFinish, JobState.Enqueued)]
    [InlineData(JobState.Failed, OnSuccess, JobState.Deleted)]
    [InlineData(JobState.Failed, OnAnyFinish, JobState.Enqueued)]
    [InlineData(JobState.Deleted, OnSuccess, JobState.Deleted)]
    [InlineData(JobState.Deleted, OnAnyFinish, JobState.Enqueued)]
    public async Task Batch_continuation_is_released_once_when_the_last_member_finishes(JobState lastOutcome, JobContinuationOptions options, JobState released)
    {
        var created = await CreateBatchAsync(Batch(Job(queue: "b"), Job(queue: "b")));
        var continuation = await CreateAsync(Continuation(created.BatchId, options));
        var runs = await FetchAsync(2, "b");
        Assert.Equal([continuation], await Store.Queries.GetContinuationIdsAsync(created.BatchId));

        Assert.Equal(1, await CompleteAsync(runs[0], Finish(JobState.Succeeded)));
        Assert.Equal(JobState.Awaiting, await GetStateAsync(continuation));
        Advance(3);
        if (lastOutcome == JobState.Deleted) Assert.True(await ChangeStateAsync(runs[1].Id, Finish(JobState.Deleted), JobState.Processing));
        else Assert.Equal(1, await CompleteAsync(runs[1], Finish(lastOutcome)));

        // A batch that completed with failures (or deletions) is a parent that Failed.
        var parentState = lastOutcome == JobState.Succeeded ? JobState.Succeeded : JobState.Failed;
        await AssertReleasedAsync(continuation, created.BatchId, parentState, released, ContinuationsExpireAt);
        Assert.Equal(1, await CountReleasesAsync(continuation));
    }

    [Fact]
    public async Task Batch_members_finishing_concurrently_finish_it_and_release_its_continuation_once()
    {
        var created = await CreateBatchAsync(Batch(Enumerable.Range(0, 8).Select(_ => Job(queue: "b")).ToArray()));
        var continuation = await CreateAsync(Continuation(created.BatchId));
        var runs = await FetchAsync(8, "b");

        await Task.WhenAll(runs.Select(run => Task.Run(() => CompleteAsync(run, Finish(JobState.Succeeded)))));

        Assert.Equal((BatchState.Succeeded, 8L, 8L, 0L, 0L, 0L), Counts(await GetBatchAsync(created.BatchId)));
        Assert.Equal((JobState.Enqueued, 1), (await GetStateAsync(continuation), await CountReleasesAsync(continuation)));
    }

    [Fact]
    public async Task Empty_batch_finishes_Succeeded_at_once_and_a_continuation_of_it_is_released_at_creation()
    {
        var created = await CreateBatchAsync(new NewBatch { Description = "nothing to do" });

        var batch = await GetBatchAsync(created.BatchId);
        Assert.Equal((BatchState.Succeeded, 0L, Now), (batch.State, batch.Total, batch.FinishedAt));
        var continuation = await CreateAsync(Continuation(created.BatchId));
        Assert.Equal(JobState.Enqueued, await GetStateAsync(continuation));
    }

    [Fact]
    public async Task Continuation_of_a_batch_and_a_job_waits_for_both()
    {
        var created = await CreateBatchAsync(Batch(Job(queue: "b")));
        var job = await CreateEnqueuedAsync("j");
        var fanIn = await CreateAsync(FanIn(created.BatchId, job));

        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(created.JobIds[0], "b"), Finish(JobState.Succeeded)));
        Assert.Equal(JobState.Awaiting, await GetStateAsync(fanIn));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(job, "j"), Finish(JobState.Succeeded)));

        Assert.Equal(JobState.Enqueued, await GetStateAsync(fanIn));
    }

    [Fact]
    public async Task Attach_adds_members_to_a_started_batch_which_then_waits_for_them()
    {
        var created = await CreateBatchAsync(Batch(Job(queue: "b")));
        var continuation = await CreateAsync(Continuation(created.BatchId));
        var first = await FetchOneAsync(created.JobIds[0], "b");

        var attached = await CreateBatchAsync(Batch(Job(queue: "b"), Job(queue: "b")), attachTo: created.BatchId);

        Assert.Equal(created.BatchId, attached.BatchId);
        Assert.Equal(created.BatchId, (await GetInfoAsync(attached.JobIds[1])).BatchId);
        Assert.Equal(1, await CompleteAsync(first, Finish(JobState.Succeeded)));
        Assert.Equal((BatchState.Started, 3L, 1L, 0L, 0L, 2L), Counts(await GetBatchAsync(created.BatchId)));
        foreach (var run in await FetchAsync(2, "b")) Assert.Equal(1, await CompleteAsync(run, Finish(JobState.Succeeded)));
        Assert.Equal(BatchState.Succeeded, (await GetBatchAsync(created.BatchId)).State);
        Assert.Equal(JobState.Enqueued, await GetStateAsync(continuation));
    }

    [Fact]
    public async Task Attach_to_a_finished_or_unknown_batch_is_refused_and_stores_nothing()
    {
        var created = await CreateBatchAsync(Batch(Job(queue: "b")));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(created.JobIds[0], "b"), Finish(JobState.Failed)));

        var finished = await Assert.ThrowsAsync<BatchFinishedException>(() => CreateBatchAsync(Batch(Job()), attachTo: created.BatchId));
        Assert.Equal((created.BatchId, BatchState.Completed), (finished.BatchId, finished.State));
        var unknown = await Assert.ThrowsAsync<BatchNotFoundException>(() => CreateBatchAsync(Batch(Job()), attachTo: "999999999"));
        Assert.Equal("999999999", unknown.BatchId);
        var job = await Assert.ThrowsAsync<BatchNotFoundException>(() => CreateBatchAsync(Batch(Job()), attachTo: created.JobIds[0]));
        Assert.Equal(created.JobIds[0], job.BatchId);

        Assert.Equal(1L, await CountAllAsync());
        Assert.Equal(1L, (await GetBatchAsync(created.BatchId)).Total);
    }

    [Fact]
    public async Task Nested_batches_three_deep_each_count_as_one_member_of_their_parent()
    {
        var created = await CreateBatchAsync(new NewBatch
        {
            Description = "a", Jobs = [Job(queue: "a")],
            Batches = [new NewBatch { Description = "b", Jobs = [Job(queue: "b")], Batches = [new NewBatch { Description = "c", Jobs = [Job(queue: "c"), Job(queue: "c")] }] }],
        });
        var (a, b, c) = (created.BatchId, created.BatchIds[0], created.BatchIds[1]);
        var continuation = await CreateAsync(Continuation(a, OnAnyFinish));

        Assert.Equal(4, created.JobIds.Count);
        Assert.Equal((b, 2L), ((await GetBatchAsync(c)).ParentBatchId, (await GetBatchAsync(c)).Total));
        Assert.Equal((a, 2L), ((await GetBatchAsync(b)).ParentBatchId, (await GetBatchAsync(b)).Total));
        Assert.Equal(2L, (await GetBatchAsync(a)).Total);
        Assert.Equal([b], (await Store.Queries.GetBatchesAsync(new BatchListRequest(10) { ParentBatchId = a })).Select(x => x.Id));
        Assert.Equal([a], (await Store.Queries.GetBatchesAsync(new BatchListRequest(10))).Select(x => x.Id));

        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(created.JobIds[0], "a"), Finish(JobState.Succeeded)));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(created.JobIds[1], "b"), Finish(JobState.Succeeded)));
        foreach (var run in await FetchAsync(2, "c")) Assert.Equal(1, await CompleteAsync(run, Finish(run.Id == created.JobIds[3] ? JobState.Failed : JobState.Succeeded)));

        Assert.Equal((BatchState.Completed, 2L, 1L, 1L, 0L, 0L), Counts(await GetBatchAsync(c)));
        Assert.Equal((BatchState.Completed, 2L, 1L, 1L, 0L, 0L), Counts(await GetBatchAsync(b)));
        Assert.Equal((BatchState.Completed, 2L, 1L, 1L, 0L, 0L), Counts(await GetBatchAsync(a)));
        await AssertReleasedAsync(continuation, a, JobState.Failed, JobState.Enqueued, null);
    }

    [Fact]
    public async Task Cancelled_batch_finishes_Deleted_once_its_members_are_deleted_and_settles_its_continuations()
    {
        var created = await CreateBatchAsync(Batch(Job(queue: "b"), Job(queue: "b"), Job(queue: "b")));
        var onSuccess = await CreateAsync(Continuation(created.BatchId));
        var onDeleted = await CreateAsync(Continuation(created.BatchId, JobContinuationOptions.OnlyOnDeletedState));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(created.JobIds[0], "b"), Finish(JobState.Succeeded)));

        Assert.True(await Store.CancelBatchAsync(created.BatchId));
        Assert.True((await GetBatchAsync(created.BatchId)).Cancelled);
        Assert.Equal(BatchState.Started, (await GetBatchAsync(created.BatchId)).State);
        Assert.Equal(2, await Store.ChangeStatesAsync(new ChangeStatesRequest(created.JobIds, Finish(JobState.Deleted), [JobState.Enqueued, JobState.Processing])));

        Assert.Equal((BatchState.Deleted, 3L, 1L, 0L, 2L, 0L), Counts(await GetBatchAsync(created.BatchId)));
        Assert.Equal((JobState.Deleted, JobState.Enqueued), (await GetStateAsync(onSuccess), await GetStateAsync(onDeleted)));
        Assert.False(await Store.CancelBatchAsync(created.BatchId));
        Assert.False(await Store.CancelBatchAsync("999999999"));
    }

    [Fact]
    public async Task Member_requeued_after_the_batch_finished_moves_the_counts_but_releases_nothing_again()
    {
        var created = await CreateBatchAsync(Batch(Job(queue: "b")));
        var continuation = await CreateAsync(Continuation(created.BatchId, OnAnyFinish));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(created.JobIds[0], "b"), Finish(JobState.Failed)));
        Assert.Equal(BatchState.Completed, (await GetBatchAsync(created.BatchId)).State);

        Assert.True(await RequeueAsync(created.JobIds[0], JobState.Failed));
        Assert.Equal((BatchState.Completed, 1L, 0L, 0L, 0L, 1L), Counts(await GetBatchAsync(created.BatchId)));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(created.JobIds[0], "b"), Finish(JobState.Succeeded)));

        Assert.Equal((BatchState.Completed, 1L, 1L, 0L, 0L, 0L), Counts(await GetBatchAsync(created.BatchId)));
        Assert.Equal(1, await CountReleasesAsync(continuation));
    }

    [Fact]
    public async Task Batch_member_that_is_a_continuation_of_a_finished_job_is_counted_at_creation()
    {
        var failed = await StartAsync("p");
        Assert.Equal(1, await CompleteAsync(failed, Finish(JobState.Failed)));

        var created = await CreateBatchAsync(Batch(Continuation(failed.Id)));

        Assert.Equal(JobState.Deleted, await GetStateAsync(created.JobIds[0]));
        Assert.Equal((BatchState.Completed, 1L, 0L, 0L, 1L, 0L), Counts(await GetBatchAsync(created.BatchId)));
    }

    [Fact]
    public async Task Batches_are_listed_newest_first_a_page_at_a_time()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await CreateBatchAsync(Batch(Job()))).BatchId);

        var first = await Store.Queries.GetBatchesAsync(new BatchListRequest(2));
        var second = await Store.Queries.GetBatchesAsync(new BatchListRequest(2) { BeforeId = first[^1].Id });

        Assert.Equal([ids[4], ids[3]], first.Select(b => b.Id));
        Assert.Equal([ids[2], ids[1]], second.Select(b => b.Id));
        Assert.Null(await Store.Queries.GetBatchAsync("999999999"));
        Assert.Null(await Store.Queries.GetBatchAsync(ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x"));
        Assert.Empty(await Store.Queries.GetBatchJobsAsync(new BatchJobsRequest("999999999", 10)));
    }

    [Fact]
    public async Task A_batch_of_ten_thousand_jobs_is_created_in_one_call()
    {
        var jobs = Enumerable.Range(0, 10_000).Select(i => Job(queue: "big", invocation: $$"""{"n":{{i}}}""")).ToArray();

        var created = await CreateBatchAsync(new NewBatch { Jobs = jobs });

        Assert.Equal(10_000, created.JobIds.Distinct().Count());
        Assert.Equal((BatchState.Started, 10_000L, 10_000L), ((await GetBatchAsync(created.BatchId)).State, (await GetBatchAsync(created.BatchId)).Total, await CountAsync(JobState.Enqueued)));
        Assert.Equal(created.JobIds, Sorted(created.JobIds));
    }
}
