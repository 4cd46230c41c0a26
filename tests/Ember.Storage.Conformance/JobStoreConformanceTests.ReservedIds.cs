using Xunit;

namespace Ember.Storage.Conformance;

// Reserved ids (IJobStore.ReserveIdsAsync): a batch created with ids known beforehand, so that its jobs can continue
// each other (NewBatchRules.GivenIds), all or nothing, each continuation released once.
public abstract partial class JobStoreConformanceTests
{
    private async Task<Queue<string>> ReserveAsync(int count) => new(await Store.ReserveIdsAsync(new ReserveIdsRequest(count)));

    [Fact]
    public async Task ReserveIds_hands_out_increasing_ids_that_no_later_job_or_batch_takes()
    {
        var before = await CreateEnqueuedAsync();

        var first = await Store.ReserveIdsAsync(new ReserveIdsRequest(5));
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Store.ReserveIdsAsync(new ReserveIdsRequest(50)))));
        var after = await CreateEnqueuedAsync();
        var batch = await CreateBatchAsync(Batch(Job()));

        Assert.Equal(5, first.Count);
        Assert.Equal(first, Sorted(first));
        var all = first.Concat(concurrent.SelectMany(ids => ids)).ToList();
        Assert.Equal(205, all.Distinct().Count());
        Assert.All(all, id => Assert.True(JobIdComparer.Compare(id, before) > 0 && JobIdComparer.Compare(id, after) < 0, $"{id} between {before} and {after}"));
        Assert.DoesNotContain(batch.BatchId, all);
        Assert.DoesNotContain(batch.JobIds[0], all);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ReserveIdsAsync(new ReserveIdsRequest(0)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ReserveIdsAsync(new ReserveIdsRequest(ReserveIdsRequest.MaxCount + 1)));
    }

    [Fact]
    public async Task CreateBatch_with_reserved_ids_creates_every_job_and_batch_with_its_id()
    {
        var ids = await ReserveAsync(5);
        var (batchId, a, nestedId, b, c) = (ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue());

        var created = await CreateBatchAsync(new NewBatch
        {
            Id = batchId, Description = "reserved",
            Jobs = [Job(queue: "r") with { Id = a }, Job(queue: "r") with { Id = c }],
            Batches = [new NewBatch { Id = nestedId, Jobs = [Job(queue: "r") with { Id = b }] }],
        });

        Assert.Equal(batchId, created.BatchId);
        Assert.Equal([a, c, b], created.JobIds);
        Assert.Equal([nestedId], created.BatchIds);
        Assert.Equal((BatchState.Started, 3L), ((await GetBatchAsync(batchId)).State, (await GetBatchAsync(batchId)).Total));
        Assert.Equal(batchId, (await GetBatchAsync(nestedId)).ParentBatchId);
        Assert.Equal(nestedId, (await GetInfoAsync(b)).BatchId);
        Assert.Equal([a, b, c], Ids(await FetchAsync(10, "r")));
    }

    [Fact]
    public async Task A_batch_job_with_a_reserved_id_keeps_its_concurrency_key_and_limit()
    {
        var ids = await ReserveAsync(4);
        var batchId = ids.Dequeue();

        await CreateBatchAsync(new NewBatch
        {
            Id = batchId,
            Jobs = [Keyed("reserved", 1, "r") with { Id = ids.Dequeue() }, Keyed("reserved", 1, "r") with { Id = ids.Dequeue() }, Job(queue: "r") with { Id = ids.Dequeue() }],
        });

        // The key's limit of 1 holds: one keyed job and the plain one are claimed, the second keyed job waits.
        Assert.Equal(2, (await FetchAsync(10, "r")).Count);
        var key = await GetKeyAsync("reserved");
        Assert.Equal((1, 1L), (key!.Holders.Count, key.Waiting));
    }

    [Fact]
    public async Task Member_continuing_a_member_of_the_same_batch_is_released_once_when_it_finishes_in_either_order()
    {
        var ids = await ReserveAsync(6);
        var (batchId, nestedId, parent, before, after, chained) = (ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue());

        // 'before' comes ahead of its parent in the tree (the outer batch's jobs are stored first), 'after' behind it,
        // and 'chained' continues a continuation: each waits, whatever the order in which the store meets them.
        await CreateBatchAsync(new NewBatch
        {
            Id = batchId,
            Jobs = [Continuation(parent, queue: "c") with { Id = before }, Continuation(before, queue: "c") with { Id = chained }],
            Batches = [new NewBatch { Id = nestedId, Jobs = [Job(queue: "p") with { Id = parent }, Continuation(parent, queue: "c") with { Id = after }] }],
        });
        Assert.Equal([JobState.Awaiting, JobState.Awaiting, JobState.Awaiting], [await GetStateAsync(before), await GetStateAsync(after), await GetStateAsync(chained)]);
        Assert.Equal(Sorted([before, after]), Sorted(await Store.Queries.GetContinuationIdsAsync(parent)));

        Advance(2);
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(parent, "p"), Finish(JobState.Succeeded)));

        await AssertReleasedAsync(before, parent, JobState.Succeeded, JobState.Enqueued, null);
        await AssertReleasedAsync(after, parent, JobState.Succeeded, JobState.Enqueued, null);
        Assert.Equal((1, 1, JobState.Awaiting), (await CountReleasesAsync(before), await CountReleasesAsync(after), await GetStateAsync(chained)));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(before, "c"), Finish(JobState.Succeeded)));
        Assert.Equal((JobState.Enqueued, 1), (await GetStateAsync(chained), await CountReleasesAsync(chained)));
        var batch = await GetBatchAsync(batchId);
        Assert.Equal((3L, 1L, BatchState.Started), (batch.Total, batch.Succeeded, batch.State));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Member_continuing_a_member_deleted_at_creation_is_settled_at_creation(bool continuationFirst)
    {
        var failed = await StartAsync("p");
        Assert.Equal(1, await CompleteAsync(failed, Finish(JobState.Failed)));
        var ids = await ReserveAsync(4);
        var (batchId, deleted, onSuccess, onAny) = (ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue());
        NewJob parent = Continuation(failed.Id, expireAtIfDeleted: Start.AddDays(3)) with { Id = deleted };
        NewJob[] continuations =
        [
            Continuation(deleted, expireAtIfDeleted: Start.AddDays(3)) with { Id = onSuccess },
            Continuation(deleted, OnAnyFinish, queue: "any") with { Id = onAny },
        ];

        await CreateBatchAsync(new NewBatch { Id = batchId, Jobs = continuationFirst ? [.. continuations, parent] : [parent, .. continuations] });

        Assert.Equal(JobState.Deleted, await GetStateAsync(deleted));
        await AssertReleasedAsync(onSuccess, deleted, JobState.Deleted, JobState.Deleted, Start.AddDays(3));
        await AssertReleasedAsync(onAny, deleted, JobState.Deleted, JobState.Enqueued, null);
        Assert.Equal((1, 1), (await CountReleasesAsync(onSuccess), await CountReleasesAsync(onAny)));
        var batch = await GetBatchAsync(batchId);
        Assert.Equal((3L, 2L, BatchState.Started), (batch.Total, batch.Deleted, batch.State));
    }

    [Fact]
    public async Task Member_continuing_a_nested_batch_of_the_same_request_waits_for_it()
    {
        var ids = await ReserveAsync(5);
        var (batchId, waiting, nestedId, member, emptyId) = (ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue());
        var ofEmpty = (await ReserveAsync(1)).Dequeue();

        await CreateBatchAsync(new NewBatch
        {
            Id = batchId,
            Jobs = [Continuation(nestedId, queue: "c") with { Id = waiting }, Continuation(emptyId, queue: "c") with { Id = ofEmpty }],
            Batches = [new NewBatch { Id = nestedId, Jobs = [Job(queue: "m") with { Id = member }] }, new NewBatch { Id = emptyId }],
        });

        // The empty nested batch finished at creation, after the job continuing it was linked: it released it.
        Assert.Equal((JobState.Awaiting, JobState.Enqueued, 1), (await GetStateAsync(waiting), await GetStateAsync(ofEmpty), await CountReleasesAsync(ofEmpty)));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(member, "m"), Finish(JobState.Succeeded)));
        Assert.Equal((JobState.Enqueued, 1), (await GetStateAsync(waiting), await CountReleasesAsync(waiting)));
    }

    [Fact]
    public async Task CreateBatch_refuses_ids_not_reserved_taken_or_given_to_some_only_and_stores_nothing()
    {
        var existing = await CreateEnqueuedAsync();
        var ids = await ReserveAsync(4);
        var (batchId, a, b, spare) = (ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue());
        var beyond = (long.Parse(spare, System.Globalization.CultureInfo.InvariantCulture) + 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

        await Assert.ThrowsAsync<ArgumentException>(() => CreateBatchAsync(new NewBatch { Id = batchId, Jobs = [Job() with { Id = a }, Job() with { Id = beyond }] }));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateBatchAsync(new NewBatch { Id = batchId, Jobs = [Job() with { Id = a }, Job() with { Id = existing }] }));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateBatchAsync(new NewBatch { Id = batchId, Jobs = [Job() with { Id = a }, Job()] }));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateBatchAsync(new NewBatch { Jobs = [Job() with { Id = a }] }));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateBatchAsync(new NewBatch { Id = batchId, Jobs = [Job() with { Id = a }, Job() with { Id = a }] }));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateBatchAsync(new NewBatch { Id = batchId, Jobs = [Continuation(a) with { Id = a }] }));
        await Assert.ThrowsAsync<JobNotFoundException>(() => CreateBatchAsync(new NewBatch { Id = batchId, Jobs = [Job() with { Id = a }, Continuation("999999999") with { Id = b }] }));

        Assert.Equal(1L, await CountAllAsync());
        Assert.Empty(await Store.Queries.GetBatchesAsync(new BatchListRequest(10)));

        // The ids are still free: the same request, correct now, is stored with them.
        var created = await CreateBatchAsync(new NewBatch { Id = batchId, Jobs = [Job() with { Id = a }, Continuation(a) with { Id = b }] });
        Assert.Equal(batchId, created.BatchId);
        Assert.Equal([a, b], created.JobIds);
        await Assert.ThrowsAsync<ArgumentException>(() => CreateBatchAsync(new NewBatch { Id = spare, Jobs = [Job() with { Id = a }] }));
    }

    [Fact]
    public async Task CreateJobs_refuses_a_job_with_an_id_and_stores_nothing()
    {
        var ids = await ReserveAsync(1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateJobsAsync(new CreateJobsRequest([Job(), Job() with { Id = ids.Peek() }])));

        Assert.Contains("reserved ids are given only to a batch's jobs", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAllAsync());
    }

    [Fact]
    public async Task Attach_with_reserved_ids_adds_members_that_continue_each_other()
    {
        var created = await CreateBatchAsync(Batch(Job(queue: "first")));
        var ids = await ReserveAsync(2);
        var (a, b) = (ids.Dequeue(), ids.Dequeue());

        var attached = await CreateBatchAsync(new NewBatch { Jobs = [Job(queue: "a") with { Id = a }, Continuation(a, queue: "a") with { Id = b }] }, created.BatchId);

        Assert.Equal(created.BatchId, attached.BatchId);
        Assert.Equal([a, b], attached.JobIds);
        Assert.Equal(3L, (await GetBatchAsync(created.BatchId)).Total);
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(a, "a"), Finish(JobState.Succeeded)));
        Assert.Equal((JobState.Enqueued, 1), (await GetStateAsync(b), await CountReleasesAsync(b)));
    }
}
