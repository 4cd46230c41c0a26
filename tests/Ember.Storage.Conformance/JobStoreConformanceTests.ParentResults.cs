using Xunit;

namespace Ember.Storage.Conformance;

// What [FromResults] reads through IJobQueries: a continuation's parents in the order given, each parent's result, and
// a batch parent's jobs with their results (a page at a time, newest first) and its nested batches.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task Parent_results_are_read_in_the_parents_order_and_a_batch_parent_lists_its_jobs_with_their_results()
    {
        var jobs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var run = await StartAsync("r");
            Assert.Equal(1, await CompleteAsync(run, Finish(JobState.Succeeded) with { Result = $"{i * 10}" }));
            jobs.Add(run.Id);
        }
        var batch = await CreateBatchAsync(new NewBatch { Jobs = [Job(queue: "b"), Job(queue: "b")], Batches = [Batch(Job(queue: "n"))] });
        foreach (var run in await FetchAsync(10, "b", "n"))
            Assert.Equal(1, await CompleteAsync(run, Finish(JobState.Succeeded) with { Result = $$"""{"id":{{run.Id}}}""" }));
        var continuation = await CreateAsync(Continuation(jobs[2]) with { ParentIds = [jobs[2], batch.BatchId, jobs[0]] });

        var details = await GetAsync(continuation);
        Assert.Equal([jobs[2], batch.BatchId, jobs[0]], details.ParentIds);
        Assert.Equal(["20", "0"], [(await GetInfoAsync(jobs[2])).Result!, (await GetInfoAsync(jobs[0])).Result!]);
        var first = await Store.Queries.GetBatchJobsAsync(new BatchJobsRequest(batch.BatchId, 1));
        var second = await Store.Queries.GetBatchJobsAsync(new BatchJobsRequest(batch.BatchId, 1) { BeforeId = first[0].Id });
        Assert.Empty(await Store.Queries.GetBatchJobsAsync(new BatchJobsRequest(batch.BatchId, 1) { BeforeId = second[0].Id }));
        Assert.Equal([batch.JobIds[1], batch.JobIds[0]], [first[0].Id, second[0].Id]);
        Assert.Equal([$$"""{"id":{{batch.JobIds[1]}}}""", $$"""{"id":{{batch.JobIds[0]}}}"""], [first[0].Result!, second[0].Result!]);
        var nested = Assert.Single(await Store.Queries.GetBatchesAsync(new BatchListRequest(10) { ParentBatchId = batch.BatchId }));
        Assert.Equal(batch.BatchIds[0], nested.Id);
        Assert.Equal($$"""{"id":{{batch.JobIds[2]}}}""", Assert.Single(await Store.Queries.GetBatchJobsAsync(new BatchJobsRequest(nested.Id, 10))).Result);
    }
}
