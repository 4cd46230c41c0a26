using Xunit;

namespace Ember.Storage.Conformance;

// A finished batch is pruned with its jobs (DeleteExpiredJobs): once its last job and its nested batches are gone, so
// that batch records don't pile up; reads of it then answer "not found".
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task Finished_batch_is_pruned_with_its_last_job_and_nested_batches_then_reads_find_nothing()
    {
        var created = await CreateBatchAsync(new NewBatch
        {
            Jobs = [Job(queue: "x"), Job(queue: "x")],
            Batches = [new NewBatch { Jobs = [Job(queue: "x")], Batches = [new NewBatch { Jobs = [Job(queue: "x")] }] }],
        });
        var continuation = await CreateAsync(Continuation(created.BatchId, queue: "after"));
        var other = await CreateBatchAsync(Batch(Job(queue: "other")));
        foreach (var run in await FetchAsync(10, "x")) Assert.Equal(1, await CompleteAsync(run, Finish(JobState.Succeeded)));
        Assert.Equal(BatchState.Succeeded, (await GetBatchAsync(created.BatchId)).State);
        Assert.Equal(JobState.Enqueued, await GetStateAsync(continuation));

        Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(4, await DeleteExpiredAsync());

        foreach (var id in created.BatchIds.Prepend(created.BatchId)) Assert.Null(await Store.Queries.GetBatchAsync(id));
        Assert.Empty(await Store.Queries.GetBatchJobsAsync(new BatchJobsRequest(created.BatchId, 10)));
        Assert.Empty(await Store.Queries.GetBatchesAsync(new BatchListRequest(10) { ParentBatchId = created.BatchId }));
        Assert.Equal([other.BatchId], (await Store.Queries.GetBatchesAsync(new BatchListRequest(10))).Select(b => b.Id));
        Assert.Null(await Store.Queries.GetJobAsync(created.BatchId));
        Assert.False(await Store.CancelBatchAsync(created.BatchId));
        await Assert.ThrowsAsync<BatchNotFoundException>(() => CreateBatchAsync(Batch(Job()), created.BatchId));
        // The continuation it released lives on, and a continuation of the pruned batch is refused like one of any missing parent.
        Assert.Equal(JobState.Enqueued, await GetStateAsync(continuation));
        await Assert.ThrowsAsync<JobNotFoundException>(() => CreateAsync(Continuation(created.BatchId)));
        Assert.Equal(0, await DeleteExpiredAsync());
    }

    [Fact]
    public async Task Batch_is_kept_while_a_member_is_kept_or_it_is_still_running()
    {
        var finished = await CreateBatchAsync(Batch(Job(queue: "f"), Job(queue: "f")));
        var runs = await FetchAsync(2, "f");
        Assert.Equal(1, await CompleteAsync(runs[0], Finish(JobState.Succeeded)));
        Assert.Equal(1, await CompleteAsync(runs[1], Finish(JobState.Failed) with { ExpireAt = null })); // Failed stays until someone acts
        var started = await CreateBatchAsync(Batch(Job(queue: "s"), Job(queue: "s")));
        var done = await FetchAsync(1, "s");
        Assert.Equal(1, await CompleteAsync(done[0], Finish(JobState.Succeeded)));

        Advance(TimeSpan.FromDays(2));
        Assert.Equal(2, await DeleteExpiredAsync());

        var kept = await GetBatchAsync(finished.BatchId);
        Assert.Equal((BatchState.Completed, 2L, 1L, 1L), (kept.State, kept.Total, kept.Succeeded, kept.Failed));
        Assert.Equal([runs[1].Id], (await Store.Queries.GetBatchJobsAsync(new BatchJobsRequest(finished.BatchId, 10))).Select(j => j.Id));
        Assert.Equal(BatchState.Started, (await GetBatchAsync(started.BatchId)).State);

        // Deleting the failed member (it expires in turn) prunes its batch.
        Assert.True(await ChangeStateAsync(runs[1].Id, Finish(JobState.Deleted), JobState.Failed));
        Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await DeleteExpiredAsync());
        Assert.Null(await Store.Queries.GetBatchAsync(finished.BatchId));
        Assert.NotNull(await Store.Queries.GetBatchAsync(started.BatchId));
    }
}
