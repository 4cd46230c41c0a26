using Xunit;

namespace Ember.Storage.Conformance;

// A large batch with reserved ids (the batch client's way): stores may write it in several steps (Redis stages them in
// chunks, then makes them visible in one short script), but it is still all or nothing: none of its jobs is
// seen, fetched or usable as a parent until the whole batch is, and a late failure leaves nothing visible.
public abstract partial class JobStoreConformanceTests
{
    private const int LargeBatchJobs = 12_001;

    private static List<NewJob> LargeBatchJobsWithIds(Queue<string> ids, string queue) =>
        [.. Enumerable.Range(0, LargeBatchJobs).Select(i => (i % 1000 == 999 ? Job(JobState.Scheduled, queue, Start.AddHours(1)) : Job(queue: queue, invocation: $$"""{"n":{{i}}}""")) with { Id = ids.Dequeue() })];

    [Fact]
    public async Task Large_batch_with_reserved_ids_is_created_whole_with_members_continuing_each_other()
    {
        var outside = await CreateEnqueuedAsync("o");
        var ids = await ReserveAsync(LargeBatchJobs + 3);
        var batchId = ids.Dequeue();
        var jobs = LargeBatchJobsWithIds(ids, "big");
        var (member, fanIn) = (ids.Dequeue(), ids.Dequeue());
        jobs.Insert(0, Continuation(jobs[^1].Id!, queue: "after") with { Id = member });
        jobs.Add(Continuation(outside, OnAnyFinish, queue: "after") with { Id = fanIn, ParentIds = [outside, jobs[1].Id!] });

        var created = await CreateBatchAsync(new NewBatch { Id = batchId, Jobs = jobs });

        Assert.Equal(jobs.Select(j => j.Id), created.JobIds);
        var batch = await GetBatchAsync(batchId);
        Assert.Equal((BatchState.Started, LargeBatchJobs + 2L), (batch.State, batch.Total));
        Assert.Equal((LargeBatchJobs - 12L, 12L, 2L), (await CountAsync(JobState.Enqueued) - 1, await CountAsync(JobState.Scheduled), await CountAsync(JobState.Awaiting)));
        Assert.Equal(batchId, (await GetInfoAsync(jobs[5000].Id!)).BatchId);
        Assert.Equal(jobs[1].Id, (await FetchAsync(1, "big")).Single().Id);
        Assert.Equal(10, (await Store.Queries.GetBatchJobsAsync(new BatchJobsRequest(batchId, 10))).Count);
    }

    [Fact]
    public async Task Large_batch_that_fails_its_last_check_leaves_none_of_its_jobs_visible()
    {
        var finished = await CreateBatchAsync(new NewBatch());
        var started = await CreateBatchAsync(Batch(Job(queue: "s")));
        var before = await CountAllAsync();
        var ids = await ReserveAsync(LargeBatchJobs + 1);
        var attached = LargeBatchJobsWithIds(ids, "big");
        var missingParent = LargeBatchJobsWithIds(await ReserveAsync(LargeBatchJobs), "big");
        missingParent.Add(Continuation("999999999") with { Id = ids.Dequeue() });

        await Assert.ThrowsAsync<BatchFinishedException>(() => CreateBatchAsync(new NewBatch { Jobs = attached }, finished.BatchId));
        await Assert.ThrowsAsync<JobNotFoundException>(() => CreateBatchAsync(new NewBatch { Jobs = missingParent }, started.BatchId));

        Assert.Equal(before, await CountAllAsync());
        Assert.Empty(await FetchAsync(10, "big"));
        Assert.Null(await Store.Queries.GetJobAsync(attached[0].Id!));
        Assert.Null(await Store.Queries.GetJobAsync(missingParent[^2].Id!));
        Assert.Equal(1L, (await GetBatchAsync(started.BatchId)).Total);
        Assert.Single(await Store.Queries.GetBatchJobsAsync(new BatchJobsRequest(started.BatchId, 10)));
        await Assert.ThrowsAsync<JobNotFoundException>(() => CreateAsync(Continuation(attached[0].Id!)));
    }
}
