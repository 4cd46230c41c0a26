using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Batches;

// The batch client end to end on a running server: Hangfire Pro's shapes, atomic creation, continuations, attach, cancel.
public class BatchJobClientTests
{
    private static (BatchJobClient Batches, IJobStore Store) Client(ServerHarness harness) => (new BatchJobClient(harness.Store), harness.Store);

    private static Task<BatchInfo> WaitForBatchAsync(IJobStore store, string batchId, BatchState state) =>
        Eventually.ReturnsAsync(async () => (await store.Queries.GetBatchAsync(batchId))!, b => b.State == state, what: $"Batch {batchId} {state}");

    [Fact]
    public async Task A_batch_runs_its_jobs_then_its_continuation_batch_once()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 8);
        var (batches, store) = Client(harness);
        var key = Signals.NewKey();

        var batchId = batches.StartNew(batch =>
        {
            for (var i = 0; i < 20; i++) batch.Enqueue(() => TestJobs.Record(key + ":member"));
            batch.Schedule(() => TestJobs.Record(key + ":member"), TimeSpan.FromMilliseconds(200));
        }, "twenty-one");
        var next = await batches.ContinueBatchWithAsync(batchId, batch => batch.Enqueue(() => TestJobs.Record(key + ":after")), "after");

        var done = await WaitForBatchAsync(store, next, BatchState.Succeeded);
        var first = (await store.Queries.GetBatchAsync(batchId))!;
        Assert.Equal((BatchState.Succeeded, "twenty-one", 21L, 21L), (first.State, first.Description, first.Total, first.Succeeded));
        Assert.Equal((21, 1), (Signals.Count(key + ":member"), Signals.Count(key + ":after")));
        Assert.True(done.FinishedAt >= first.FinishedAt);
    }

    [Fact]
    public async Task A_callback_that_throws_stores_nothing()
    {
        await using var harness = await ServerHarness.StartAsync();
        var (batches, store) = Client(harness);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batches.StartNewAsync(batch =>
        {
            batch.Enqueue(() => TestJobs.Record("k"));
            batch.StartNew(nested => nested.Enqueue(() => TestJobs.Record("k")));
            throw new InvalidOperationException("changed my mind");
        }));

        Assert.Equal("changed my mind", error.Message);
        Assert.Equal(0, (await store.Queries.GetStateCountsAsync()).Values.Sum());
        Assert.Empty(await store.Queries.GetBatchesAsync(new BatchListRequest(10)));
    }

    [Fact]
    public async Task A_job_with_a_unique_key_is_refused_in_a_batch_naming_it_and_nothing_is_stored()
    {
        await using var harness = await ServerHarness.StartAsync();
        var (batches, store) = Client(harness);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => batches.StartNewAsync(batch =>
        {
            batch.Enqueue(() => TestJobs.Record("k"));
            batch.Enqueue<Ember.Tests.Unique.UniqueJobs>(x => x.ByName(7, "note"));
        }));

        Assert.Contains("UniqueJobs.ByName of the batch has a unique key (order:7:7)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await store.Queries.GetStateCountsAsync()).Values.Sum());
        Assert.Empty(await store.Queries.GetBatchesAsync(new BatchListRequest(10)));
    }

    [Fact]
    public async Task Bad_input_gets_errors_that_say_what_to_do()
    {
        await using var harness = await ServerHarness.StartAsync();
        var (batches, store) = Client(harness);

        var unknown = await Assert.ThrowsAsync<BatchNotFoundException>(() => batches.ContinueBatchWithAsync("424242", b => b.Enqueue(() => TestJobs.Record("k"))));
        Assert.Contains("Batch 424242 does not exist", unknown.Message, StringComparison.Ordinal);
        var parent = await batches.StartNewAsync(_ => { });
        var scheduled = await Assert.ThrowsAsync<ArgumentException>(() => batches.ContinueBatchWithAsync(parent, b => b.Schedule(() => TestJobs.Record("k"), TimeSpan.FromMinutes(1))));
        Assert.Contains("can't be scheduled", scheduled.Message, StringComparison.Ordinal);
        var empty = await batches.StartNewAsync(_ => { }, "empty");
        var finished = await Assert.ThrowsAsync<BatchFinishedException>(() => batches.AttachAsync(empty, b => b.Enqueue(() => TestJobs.Record("k"))));
        Assert.Contains("has already finished (Succeeded)", finished.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await store.Queries.GetStateCountsAsync()).Values.Sum());
    }

    [Fact]
    public async Task Attach_adds_jobs_the_batch_then_waits_for()
    {
        await using var harness = await ServerHarness.StartAsync();
        var (batches, store) = Client(harness);
        var key = Signals.NewKey();
        var batchId = await batches.StartNewAsync(batch => batch.Enqueue(() => TestJobs.WaitForGateAsync(key, CancellationToken.None)));
        var after = await harness.Client.ContinueJobWithAsync(batchId, () => TestJobs.Record(key + ":after"));
        await Signals.WaitAsync(key + ":started");

        batches.Attach(batchId, batch => batch.Enqueue(() => TestJobs.Record(key + ":attached")));

        await Signals.WaitAsync(key + ":attached");
        Assert.Equal(JobState.Awaiting, (await harness.DetailsAsync(after)).Job.State);
        Gates.Release(key);
        await harness.WaitForStateAsync(after, JobState.Succeeded);
        Assert.Equal(2L, (await store.Queries.GetBatchAsync(batchId))!.Succeeded);
    }

    [Fact]
    public async Task Attach_refuses_a_member_continuing_its_own_batch_naming_the_batch()
    {
        await using var harness = await ServerHarness.StartAsync();
        var (batches, store) = Client(harness);
        var key = Signals.NewKey();
        var batchId = await batches.StartNewAsync(batch => batch.Enqueue(() => TestJobs.WaitForGateAsync(key, CancellationToken.None)));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => batches.AttachAsync(batchId, b => b.ContinueJobWith(batchId, () => TestJobs.Record(key + ":never"))));

        Assert.Contains($"is a member of batch {batchId} and waits for it", error.Message, StringComparison.Ordinal);
        Assert.Contains($"ContinueBatchWith(\"{batchId}\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, (await store.Queries.GetBatchAsync(batchId))!.Total);
        Gates.Release(key);
        await WaitForBatchAsync(store, batchId, BatchState.Succeeded);
    }

    [Fact]
    public async Task Cancel_deletes_what_has_not_finished_fires_the_running_token_and_settles_the_continuations()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 1);
        var (batches, store) = Client(harness);
        var key = Signals.NewKey();
        var created = await batches.CreateAsync(batch =>
        {
            batch.Enqueue(() => TestJobs.WaitForCancellationAsync(key, CancellationToken.None));
            batch.Enqueue(() => TestJobs.Record(key + ":never"));
            batch.StartNew(nested => nested.Schedule(() => TestJobs.Record(key + ":never"), TimeSpan.FromHours(1)), "nested");
        });
        var onSuccess = await harness.Client.ContinueJobWithAsync(created.BatchId, () => TestJobs.Record(key + ":never"));
        var onAny = await harness.Client.ContinueJobWithAsync(created.BatchId, () => TestJobs.Record(key + ":any"), JobContinuationOptions.OnAnyFinishedState);
        await Signals.WaitAsync(key + ":started");

        Assert.True(await batches.CancelAsync(created.BatchId));

        await Signals.WaitAsync(key + ":cancelled");
        var batch = await WaitForBatchAsync(store, created.BatchId, BatchState.Deleted);
        Assert.Equal((3L, 3L), (batch.Total, batch.Deleted));
        Assert.Equal(BatchState.Deleted, (await store.Queries.GetBatchAsync(created.BatchIds[0]))!.State);
        await harness.WaitForStateAsync(onSuccess, JobState.Deleted);
        await harness.WaitForStateAsync(onAny, JobState.Succeeded);
        Assert.Equal(0, Signals.Count(key + ":never"));
        Assert.False(batches.Cancel(created.BatchId));
    }

    [Fact]
    public async Task The_static_facade_and_DI_use_the_same_client_shapes()
    {
        await using var harness = await ServerHarness.StartAsync();
        BatchJob.Client = new BatchJobClient(harness.Store);
        var key = Signals.NewKey();

        var batchId = BatchJob.StartNew(batch => batch.Enqueue(() => TestJobs.Record(key)));

        await WaitForBatchAsync(harness.Store, batchId, BatchState.Succeeded);
        Assert.Equal(1, Signals.Count(key));
    }
}
