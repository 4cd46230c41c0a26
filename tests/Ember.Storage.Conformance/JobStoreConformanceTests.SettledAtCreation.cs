using Xunit;

namespace Ember.Storage.Conformance;

// A batch request whose member is deleted at creation (its parent had already failed) finishes the nested batch that
// holds it inside the same request; a continuation of that nested batch in the same request must see the finish,
// wherever the store meets it (before the nested batch's members are created, or after), and be settled once.
public abstract partial class JobStoreConformanceTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Continuation_of_a_nested_batch_finished_at_creation_by_its_member_deleted_then_is_settled_at_creation(bool attach, bool continuationFirst)
    {
        var failed = await StartAsync("p");
        Assert.Equal(1, await CompleteAsync(failed, Finish(JobState.Failed)));
        var existing = attach ? await CreateBatchAsync(Batch(Job(queue: "pending"))) : null;
        var ids = await ReserveAsync(6);
        var (rootId, nestedId, deleted, onAny, onSuccess, laterId) = (ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue(), ids.Dequeue());
        var nested = new NewBatch { Id = nestedId, Jobs = [Continuation(failed.Id, expireAtIfDeleted: Start.AddDays(3)) with { Id = deleted }] };
        NewJob[] continuations =
        [
            Continuation(nestedId, OnAnyFinish, queue: "c") with { Id = onAny },
            Continuation(nestedId, expireAtIfDeleted: Start.AddDays(3)) with { Id = onSuccess },
        ];
        var root = continuationFirst
            ? new NewBatch { Jobs = continuations, Batches = [nested] }
            : new NewBatch { Batches = [nested, new NewBatch { Id = laterId, Jobs = continuations }] };
        if (!attach) root = root with { Id = rootId };

        await CreateBatchAsync(root, existing?.BatchId);

        Assert.Equal(BatchState.Completed, (await GetBatchAsync(nestedId)).State);
        await AssertReleasedAsync(onAny, nestedId, JobState.Failed, JobState.Enqueued, null);
        await AssertReleasedAsync(onSuccess, nestedId, JobState.Failed, JobState.Deleted, Start.AddDays(3));
        Assert.Equal((1, 1), (await CountReleasesAsync(onAny), await CountReleasesAsync(onSuccess)));
        Assert.Equal(onAny, (await FetchOneAsync(onAny, "c")).Id);
    }
}
