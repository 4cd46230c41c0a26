using Ember.Storage;
using Xunit;

namespace Ember.Redis.Tests;

/// <summary>
/// A large batch is staged in chunks, then made visible by one short script: a creation that fails at that last step
/// (or a client that dies before it) leaves only keys that expire by themselves, none that a reader counts.
/// </summary>
public sealed class RedisStagedBatchTests
{
    [Fact]
    public async Task A_stage_that_is_never_committed_leaves_only_keys_that_expire()
    {
        var prefix = TestRedis.UniquePrefix();
        await using var store = new RedisJobStore(new RedisStoreOptions { Configuration = TestRedis.Configuration, KeyPrefix = prefix });
        try
        {
            await store.InitializeAsync();
            var finished = await store.CreateBatchAsync(new CreateBatchRequest(new NewBatch()));
            var before = await KeysAsync(prefix);
            var ids = await store.ReserveIdsAsync(new ReserveIdsRequest(RedisJobStore.StageChunkSize * 2 + 1));
            var jobs = ids.Select(id => new NewJob { Id = id, Invocation = "{}", Queue = "staged", State = JobState.Enqueued }).ToArray();

            await Assert.ThrowsAsync<BatchFinishedException>(() => store.CreateBatchAsync(new CreateBatchRequest(new NewBatch { Jobs = jobs }) { AttachTo = finished.BatchId }));

            var db = TestRedis.Database;
            var left = (await KeysAsync(prefix)).Except(before).ToArray();
            Assert.Equal(ids.Count * 2 + 4 + 3, left.Length); // job and history per job; the stage's ids, keys, counts, woke; staged s:, sq:, bj:
            var ttls = await Task.WhenAll(left.Select(key => db.KeyTimeToLiveAsync(key))); // pipelined
            for (var i = 0; i < left.Length; i++)
                Assert.True(ttls[i] is { } t && t > TimeSpan.Zero && t <= RedisJobStore.StageLifetime + TimeSpan.FromMinutes(1), $"{left[i]} expires ({ttls[i]})");
            Assert.Null(await store.Queries.GetJobAsync(ids[0]));
            Assert.Equal(0L, (await store.Queries.GetStateCountsAsync()).Values.Sum());
            Assert.Empty(await store.FetchJobsAsync(new FetchJobsRequest("s", ["staged"], 10, TimeSpan.FromSeconds(30))));
            Assert.Empty(await store.Queries.GetBatchJobsAsync(new BatchJobsRequest(finished.BatchId, 10)));
        }
        finally
        {
            await TestRedis.DeleteKeysAsync(prefix);
        }
    }

    private static Task<string[]> KeysAsync(string prefix) => Task.FromResult(TestRedis.Keys(prefix).Select(k => k.ToString()).ToArray());
}
