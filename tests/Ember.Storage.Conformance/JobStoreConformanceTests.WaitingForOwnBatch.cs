using Xunit;

namespace Ember.Storage.Conformance;

// A member that waits for a batch it is in (directly, or through nested batches) would wait for ever: a batch finishes
// only after all of its members. Every store refuses it (NewBatchRules.RefuseWaitingForOwnBatch) and stores nothing.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task Attach_refuses_a_member_waiting_for_the_batch_or_a_batch_holding_it_and_stores_nothing()
    {
        var outside = await CreateEnqueuedAsync("o");
        var ids = await ReserveAsync(3);
        var (parentId, nestedId, member) = (ids.Dequeue(), ids.Dequeue(), ids.Dequeue());
        await CreateBatchAsync(new NewBatch { Id = parentId, Batches = [new NewBatch { Id = nestedId, Jobs = [Job(queue: "m") with { Id = member }] }] });

        NewBatch[] waiting =
        [
            Batch(Job(queue: "a"), Continuation(nestedId, OnAnyFinish, queue: "a")),
            Batch(Continuation(parentId, queue: "a")),
            Batch(Continuation(outside, queue: "a") with { ParentIds = [outside, nestedId] }),
            new NewBatch { Batches = [Batch(Continuation(parentId, queue: "a"))] },
        ];
        foreach (var request in waiting)
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => CreateBatchAsync(request, nestedId));
            Assert.Contains("waits for it", error.Message, StringComparison.Ordinal);
        }
        var ofParent = await Assert.ThrowsAsync<ArgumentException>(() => CreateBatchAsync(Batch(Continuation(parentId)), nestedId));
        Assert.Contains($"batch {parentId}", ofParent.Message, StringComparison.Ordinal);

        Assert.Equal((1L, 1L), ((await GetBatchAsync(nestedId)).Total, (await GetBatchAsync(parentId)).Total));
        Assert.Equal(2L, await CountAllAsync());
        Assert.Empty(await Store.Queries.GetContinuationIdsAsync(nestedId));

        // Waiting for a batch beside it, or for a member of its own batch, is fine.
        var sibling = await CreateBatchAsync(Batch(Job(queue: "s")));
        await CreateBatchAsync(Batch(Continuation(sibling.BatchId, queue: "a"), Continuation(member, queue: "a")), nestedId);
        Assert.Equal(3L, (await GetBatchAsync(nestedId)).Total);
    }

    [Fact]
    public async Task CreateBatch_refuses_a_member_waiting_for_its_own_or_an_enclosing_batch_of_the_request()
    {
        var ids = await ReserveAsync(4);
        var (rootId, nestedId, a, b) = (ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue());

        NewBatch[] waiting =
        [
            new NewBatch { Id = rootId, Jobs = [Job() with { Id = a }, Continuation(rootId) with { Id = b }] },
            new NewBatch { Id = rootId, Batches = [new NewBatch { Id = nestedId, Jobs = [Job() with { Id = a }, Continuation(nestedId) with { Id = b }] }] },
            new NewBatch { Id = rootId, Batches = [new NewBatch { Id = nestedId, Jobs = [Job() with { Id = a }, Continuation(rootId, OnAnyFinish) with { Id = b }] }] },
        ];
        foreach (var request in waiting)
            Assert.Contains("waits for it", (await Assert.ThrowsAsync<ArgumentException>(() => CreateBatchAsync(request))).Message, StringComparison.Ordinal);

        Assert.Equal(0L, await CountAllAsync());
        Assert.Empty(await Store.Queries.GetBatchesAsync(new BatchListRequest(10)));
        // A job of the root waiting for the nested batch is not waiting for its own batch.
        await CreateBatchAsync(new NewBatch { Id = rootId, Jobs = [Continuation(nestedId) with { Id = b }], Batches = [new NewBatch { Id = nestedId, Jobs = [Job() with { Id = a }] }] });
        Assert.Equal(JobState.Awaiting, await GetStateAsync(b));
    }
}
