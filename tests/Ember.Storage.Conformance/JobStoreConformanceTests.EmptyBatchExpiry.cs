using Xunit;

namespace Ember.Storage.Conformance;

// A batch created without members finishes at once and has no job to be pruned with: it is pruned at its own expiry
// (CreateBatchRequest.EmptyBatchExpireAt), and a batch held back only by such batches goes after them.
public abstract partial class JobStoreConformanceTests
{
    private async Task<CreatedBatch> CreateBatchExpiringAsync(NewBatch batch, DateTimeOffset? emptyExpireAt, string? attachTo = null) =>
        await Store.CreateBatchAsync(new CreateBatchRequest(batch) { AttachTo = attachTo, EmptyBatchExpireAt = emptyExpireAt });

    [Fact]
    public async Task Empty_batches_are_pruned_at_their_expiry_and_release_the_batches_holding_them()
    {
        var expireAt = Start.AddDays(1);
        var empty = await CreateBatchExpiringAsync(new NewBatch(), expireAt);
        var continuation = await CreateAsync(Continuation(empty.BatchId, queue: "after"));
        var onlyEmpty = await CreateBatchExpiringAsync(new NewBatch { Batches = [new NewBatch(), new NewBatch { Batches = [new NewBatch()] }] }, expireAt);
        // Its job goes first (after half a day); its empty nested batch held it back until its own expiry.
        var withJob = await CreateBatchExpiringAsync(new NewBatch { Jobs = [Job(queue: "w")], Batches = [new NewBatch()] }, expireAt);
        var kept = await CreateBatchExpiringAsync(new NewBatch(), emptyExpireAt: null);
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(withJob.JobIds[0], "w"), Finish(JobState.Succeeded) with { ExpireAt = Start.AddHours(12) }));
        Assert.Equal(BatchState.Succeeded, (await GetBatchAsync(onlyEmpty.BatchId)).State);

        Advance(TimeSpan.FromHours(13));
        Assert.Equal(1, await DeleteExpiredAsync());
        foreach (var id in new[] { empty.BatchId, onlyEmpty.BatchId, withJob.BatchId, kept.BatchId }.Concat(onlyEmpty.BatchIds).Concat(withJob.BatchIds))
            Assert.NotNull(await Store.Queries.GetBatchAsync(id));

        Advance(TimeSpan.FromHours(11));
        await DeleteExpiredAsync();

        foreach (var id in new[] { empty.BatchId, onlyEmpty.BatchId, withJob.BatchId }.Concat(onlyEmpty.BatchIds).Concat(withJob.BatchIds))
            Assert.Null(await Store.Queries.GetBatchAsync(id));
        Assert.Equal([kept.BatchId], (await Store.Queries.GetBatchesAsync(new BatchListRequest(10))).Select(b => b.Id));
        Assert.Equal(0, await BatchesUnderAsync(onlyEmpty.BatchId));
        Assert.Equal(JobState.Enqueued, await GetStateAsync(continuation));
        await Assert.ThrowsAsync<JobNotFoundException>(() => CreateAsync(Continuation(empty.BatchId)));
        Assert.Equal(0, await DeleteExpiredAsync());
    }

    [Fact]
    public async Task Empty_nested_batch_attached_expires_and_a_started_batch_is_never_pruned()
    {
        var expireAt = Start.AddDays(1);
        var started = await CreateBatchAsync(Batch(Job(queue: "s")));
        var attached = await CreateBatchExpiringAsync(new NewBatch { Batches = [new NewBatch()] }, expireAt, started.BatchId);
        var nested = Assert.Single(attached.BatchIds);
        // An attach of nothing to a started batch neither finishes nor expires it.
        await CreateBatchExpiringAsync(new NewBatch(), expireAt, started.BatchId);

        Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await DeleteExpiredAsync());

        Assert.Null(await Store.Queries.GetBatchAsync(nested));
        var batch = await GetBatchAsync(started.BatchId);
        Assert.Equal((BatchState.Started, 2L, 1L), (batch.State, batch.Total, batch.Succeeded));
        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(started.JobIds[0], "s"), Finish(JobState.Succeeded)));
        Assert.Equal(BatchState.Succeeded, (await GetBatchAsync(started.BatchId)).State);
        Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await DeleteExpiredAsync());
        Assert.Null(await Store.Queries.GetBatchAsync(started.BatchId));
    }

    private async Task<int> BatchesUnderAsync(string batchId)
    {
        var count = 0;
        foreach (var nested in await Store.Queries.GetBatchesAsync(new BatchListRequest(10) { ParentBatchId = batchId }))
            count += 1 + await BatchesUnderAsync(nested.Id);
        return count;
    }
}
