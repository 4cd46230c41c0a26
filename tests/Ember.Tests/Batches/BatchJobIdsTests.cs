using System.Collections.Concurrent;
using Ember.InMemory;
using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Batches;

// Hangfire Pro's shape: each call in a batch callback returns the new job's (or nested batch's) id at once, so jobs of
// one batch can continue each other; ids are reserved from the store in growing blocks.
public class BatchJobIdsTests
{
    [Fact]
    public async Task Ids_returned_in_the_callback_are_the_stored_ones_and_a_job_continuing_another_of_the_batch_runs_once_after_it()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 4);
        var batches = new BatchJobClient(harness.Store);
        var key = Signals.NewKey();
        string first = "", second = "", nested = "", nestedJob = "", afterNested = "";

        var created = await batches.CreateAsync(batch =>
        {
            first = batch.Enqueue(() => TestJobs.Record(key + ":first"));
            second = batch.ContinueJobWith(first, () => TestJobs.Record(key + ":second"));
            nested = batch.StartNew(inner => nestedJob = inner.ContinueJobWith(second, () => TestJobs.Record(key + ":nested")), "inner");
            afterNested = batch.ContinueJobWith(nested, () => TestJobs.Record(key + ":after-nested"));
        }, "chained");

        Assert.Equal([first, second, afterNested, nestedJob], created.JobIds);
        Assert.Equal([nested], created.BatchIds);
        var done = await Eventually.ReturnsAsync(async () => (await harness.Store.Queries.GetBatchAsync(created.BatchId))!, b => b.State == BatchState.Succeeded, what: "batch Succeeded");
        Assert.Equal((4L, 4L), (done.Total, done.Succeeded));
        Assert.Equal((1, 1, 1, 1), (Signals.Count(key + ":first"), Signals.Count(key + ":second"), Signals.Count(key + ":nested"), Signals.Count(key + ":after-nested")));
        var finishedAt = new Dictionary<string, DateTimeOffset>();
        foreach (var id in new[] { first, second, nestedJob, afterNested })
            finishedAt[id] = (await harness.DetailsAsync(id)).Job.StateChangedAt;
        Assert.True(finishedAt[first] <= finishedAt[second] && finishedAt[second] <= finishedAt[nestedJob] && finishedAt[nestedJob] <= finishedAt[afterNested]);
        Assert.Equal([first], (await harness.DetailsAsync(second)).ParentIds);
    }

    [Fact]
    public async Task A_large_batch_reserves_its_ids_in_a_few_growing_blocks_and_is_stored_in_one_call()
    {
        var calls = new ConcurrentQueue<(string Operation, object? Request)>();
        var store = new FaultyStore(new InMemoryJobStore())
        {
            Fault = (operation, request) =>
            {
                calls.Enqueue((operation, request));
                return null;
            },
        };
        var batches = new BatchJobClient(store);

        var created = await batches.CreateAsync(batch =>
        {
            for (var i = 0; i < 5_000; i++) batch.Enqueue(() => TestJobs.Record("big"));
        });

        // 16 (the batch's id and its first jobs), then four times more each time: 16 + 64 + 256 + 1,024 + 4,096 >= 5,001.
        var reserved = calls.Where(c => c.Operation == nameof(IJobStore.ReserveIdsAsync)).Select(c => ((ReserveIdsRequest)c.Request!).Count).ToArray();
        Assert.Equal([16, 64, 256, 1_024, 4_096], reserved);
        Assert.Single(calls, c => c.Operation == nameof(IJobStore.CreateBatchAsync));
        Assert.Equal(5_000, created.JobIds.Distinct().Count());
        Assert.Equal(created.JobIds.Order(Comparer<string>.Create((a, b) => long.Parse(a, System.Globalization.CultureInfo.InvariantCulture).CompareTo(long.Parse(b, System.Globalization.CultureInfo.InvariantCulture)))), created.JobIds);
        Assert.Equal(5_000L, (await store.Queries.GetBatchAsync(created.BatchId))!.Total);
    }

    [Fact]
    public async Task Ids_handed_out_by_a_callback_that_throws_name_nothing_and_later_jobs_do_not_reuse_them()
    {
        var store = new InMemoryJobStore();
        var batches = new BatchJobClient(store);
        var jobs = new BackgroundJobClient(store);
        string handedOut = "";

        await Assert.ThrowsAsync<InvalidOperationException>(() => batches.StartNewAsync(batch =>
        {
            handedOut = batch.Enqueue(() => TestJobs.Record("k"));
            throw new InvalidOperationException("changed my mind");
        }));
        var later = await jobs.EnqueueAsync(() => TestJobs.Record("k"));

        Assert.Null(await store.Queries.GetJobAsync(handedOut));
        Assert.True(long.Parse(later, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(handedOut, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(await store.Queries.GetBatchesAsync(new BatchListRequest(10)));
    }

    [Fact]
    public async Task A_continuation_batch_whose_jobs_continue_each_other_waits_for_the_parent_batch_and_its_own_parent()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 4);
        var batches = new BatchJobClient(harness.Store);
        var key = Signals.NewKey();
        string load = "", report = "";

        var parent = await batches.StartNewAsync(batch => batch.Enqueue(() => TestJobs.Record(key + ":parent")));
        var next = await batches.ContinueBatchWithAsync(parent, batch =>
        {
            load = batch.Enqueue(() => TestJobs.Record(key + ":load"));
            report = batch.ContinueJobWith(load, () => TestJobs.Record(key + ":report"));
        });

        await Eventually.ReturnsAsync(async () => (await harness.Store.Queries.GetBatchAsync(next))!, b => b.State == BatchState.Succeeded, what: "continuation batch Succeeded");
        Assert.Equal([load, parent], (await harness.DetailsAsync(report)).ParentIds);
        Assert.Equal((1, 1, 1), (Signals.Count(key + ":parent"), Signals.Count(key + ":load"), Signals.Count(key + ":report")));
    }
}
