using System.Text.Json.Nodes;
using Ember.Storage;
using StackExchange.Redis;
using Xunit;

namespace Ember.Redis.Tests;

/// <summary>
/// A large batch is staged in chunks (stage_batch_jobs.lua), then made visible by one short script (create_batch.lua):
/// until then no reader or writer sees a staged job, a stage given up (a refused commit, a client that died) is
/// collected by the pruner, and a committed stage is stored exactly as the one-script path stores a batch.
/// </summary>
public sealed class RedisStagedBatchTests
{
    private const int Staged = RedisJobStore.StageChunkSize * 2 + 1;

    private static NewJob Enqueued(string id, string queue = "staged") => new() { Id = id, Invocation = $$"""{"n":{{id}}}""", Queue = queue, State = JobState.Enqueued };

    [Fact]
    public async Task A_refused_commit_leaves_its_jobs_hidden_and_the_next_prune_collects_every_key()
    {
        await using var fixture = new RedisStoreFixture();
        var store = fixture.Store;
        await store.InitializeAsync();
        var finished = await store.CreateBatchAsync(new CreateBatchRequest(new NewBatch()));
        var before = Keys(fixture.Prefix);
        var ids = await store.ReserveIdsAsync(new ReserveIdsRequest(Staged));

        await Assert.ThrowsAsync<BatchFinishedException>(() => store.CreateBatchAsync(new CreateBatchRequest(new NewBatch { Jobs = [.. ids.Select(id => Enqueued(id))] }) { AttachTo = finished.BatchId }));

        await AssertHiddenAsync(store, ids, finished.BatchId);
        var left = Keys(fixture.Prefix).Except(before).ToArray();
        Assert.Equal(Staged * 2 + 4 + 3 + 1, left.Length); // job and history per job; the stage's ids, keys, counts, woke; staged s:, sq:, bj:; 'stages'
        Assert.All(await Task.WhenAll(left.Select(key => TestRedis.Database.KeyTimeToLiveAsync(key))), ttl => Assert.Null(ttl)); // no TTL: the pruner collects them

        var collected = await PruneAllAsync(store, 1000);

        Assert.Equal(Staged, collected);
        Assert.Equal(before.Order(), Keys(fixture.Prefix).Order());
    }

    [Fact]
    public async Task A_stage_never_committed_stays_hidden_until_its_deadline_then_the_pruner_collects_it_in_steps()
    {
        await using var fixture = new RedisStoreFixture();
        var store = fixture.Store;
        await store.InitializeAsync();
        var before = Keys(fixture.Prefix);
        var ids = await store.ReserveIdsAsync(new ReserveIdsRequest(Staged + 1));
        var batchId = ids[0];
        var jobs = ids.Skip(1).Select(id => RedisNewJob.From(Enqueued(id)) with { Batch = 0, Id = id }).ToArray();
        // A client that staged two chunks and died before the third and the commit.
        var token = await store.StageChunkAsync(null, 0, [batchId], jobs[..RedisJobStore.StageChunkSize]);
        Assert.Equal(token, await store.StageChunkAsync(token, RedisJobStore.StageChunkSize, [batchId], jobs[RedisJobStore.StageChunkSize..(RedisJobStore.StageChunkSize * 2)]));

        await AssertHiddenAsync(store, ids.Skip(1).Take(RedisJobStore.StageChunkSize * 2).ToArray(), null);
        Assert.Null(await store.Queries.GetBatchAsync(batchId));
        Assert.Equal(0, await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(1000)));

        fixture.Time.Advance(RedisJobStore.StageLifetime + TimeSpan.FromSeconds(1));
        // Past its deadline the stage takes no more chunks (and is given up).
        var late = await Assert.ThrowsAsync<InvalidOperationException>(() => store.StageChunkAsync(token, RedisJobStore.StageChunkSize * 2, [batchId], jobs[(RedisJobStore.StageChunkSize * 2)..]));
        Assert.Contains("given up", late.Message, StringComparison.Ordinal);
        Assert.Equal(1000, await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(1000)));
        // Half collected, the rest is still hidden.
        await AssertHiddenAsync(store, [ids[^2]], null);
        Assert.True(await TestRedis.Database.KeyExistsAsync(new RedisKeys(fixture.Prefix).Job(ids[^2])));

        Assert.Equal(RedisJobStore.StageChunkSize * 2 - 1000, await PruneAllAsync(store, 1000));
        Assert.Equal(before.Append(new RedisKeys(fixture.Prefix).Base + "id").Distinct().Order(), Keys(fixture.Prefix).Order());
    }

    [Fact]
    public async Task A_staged_job_is_stored_as_the_one_script_path_stores_a_batch_member()
    {
        await using var fixture = new RedisStoreFixture();
        var store = fixture.Store;
        await store.InitializeAsync();
        var due = fixture.Time.GetUtcNow().AddHours(1);
        NewJob[] Shapes(Queue<string> ids) =>
        [
            Enqueued(ids.Dequeue(), "shapes") with { Invocation = "{}", Reason = "why", Parameters = new Dictionary<string, string> { ["p"] = "1" }, ContinuationOptions = JobContinuationOptions.OnAnyFinishedState },
            Enqueued(ids.Dequeue(), "shapes") with { Invocation = "{}", State = JobState.Scheduled, ScheduledAt = due },
        ];
        var small = new Queue<string>(await store.ReserveIdsAsync(new ReserveIdsRequest(3)));
        var smallBatch = small.Dequeue();
        var plain = Shapes(small);
        await store.CreateBatchAsync(new CreateBatchRequest(new NewBatch { Id = smallBatch, Jobs = plain }));
        var large = new Queue<string>(await store.ReserveIdsAsync(new ReserveIdsRequest(RedisJobStore.StageChunkSize + 2)));
        var largeBatch = large.Dequeue();
        var shapes = Shapes(large);
        await store.CreateBatchAsync(new CreateBatchRequest(new NewBatch { Id = largeBatch, Jobs = [.. shapes, .. large.Select(id => Enqueued(id))] }));

        var keys = new RedisKeys(fixture.Prefix);
        var db = TestRedis.Database;
        for (var i = 0; i < shapes.Length; i++)
        {
            var one = (await db.HashGetAllAsync(keys.Job(plain[i].Id!))).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
            var staged = (await db.HashGetAllAsync(keys.Job(shapes[i].Id!))).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
            Assert.True(staged.Remove("stg"));
            Assert.Equal((smallBatch, largeBatch), (one["bid"], staged["bid"]));
            one.Remove("bid");
            staged.Remove("bid");
            Assert.Equal(one.OrderBy(e => e.Key), staged.OrderBy(e => e.Key));
            var history = await db.ListRangeAsync(keys.History(plain[i].Id!));
            var stagedHistory = await db.ListRangeAsync(keys.History(shapes[i].Id!));
            Assert.Equal(history.Length, stagedHistory.Length);
            for (var h = 0; h < history.Length; h++) Assert.True(JsonNode.DeepEquals(JsonNode.Parse((string)history[h]!), JsonNode.Parse((string)stagedHistory[h]!)), $"{history[h]} / {stagedHistory[h]}");
        }
        Assert.Equal((double)due.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync(keys.Base + "scheduled", shapes[1].Id));
        Assert.Equal(RedisJobStore.StageChunkSize + 1, await db.SortedSetLengthAsync(keys.Base + "bj:" + largeBatch));
        Assert.Empty(TestRedis.Keys(keys.Base + "stg:"));
        Assert.False(await db.KeyExistsAsync(keys.Base + "stages"));
    }

    [Fact]
    public async Task A_commit_merges_into_indexes_that_exist_larger_or_smaller_and_takes_over_those_that_do_not()
    {
        await using var fixture = new RedisStoreFixture();
        var store = fixture.Store;
        await store.InitializeAsync();
        // More Enqueued jobs than staged ones: the staged entries are copied into 's:Enqueued' and 'sq:Enqueued:big'
        // (create_batch.lua, move); the attached batch's 'bj:' is smaller: copied into the staged set, which takes its
        // name; 'scheduled' is new: the staged set is renamed.
        const int Backlog = RedisJobStore.StageChunkSize + 500;
        for (var i = 0; i < Backlog; i += 1000)
            await store.CreateJobsAsync(new CreateJobsRequest([.. Enumerable.Range(0, Math.Min(1000, Backlog - i)).Select(_ => new NewJob { Invocation = "{}", Queue = "big", State = JobState.Enqueued })]));
        var started = await store.CreateBatchAsync(new CreateBatchRequest(new NewBatch { Jobs = [new NewJob { Invocation = "{}", Queue = "big", State = JobState.Enqueued }] }));
        var ids = await store.ReserveIdsAsync(new ReserveIdsRequest(RedisJobStore.StageChunkSize + 1));
        var due = fixture.Time.GetUtcNow().AddHours(1);
        var jobs = ids.Select(id => Enqueued(id, "big")).ToArray();
        jobs[^1] = jobs[^1] with { State = JobState.Scheduled, ScheduledAt = due };

        await store.CreateBatchAsync(new CreateBatchRequest(new NewBatch { Jobs = jobs }) { AttachTo = started.BatchId });

        var keys = new RedisKeys(fixture.Prefix);
        var db = TestRedis.Database;
        Assert.Equal(Backlog + 1 + RedisJobStore.StageChunkSize, await db.SortedSetLengthAsync(keys.Base + "s:Enqueued"));
        Assert.Equal(Backlog + 1 + RedisJobStore.StageChunkSize, await db.SortedSetLengthAsync(keys.Base + "sq:Enqueued:big"));
        Assert.Equal(double.Parse(ids[0], System.Globalization.CultureInfo.InvariantCulture), await db.SortedSetScoreAsync(keys.Base + "sq:Enqueued:big", ids[0]));
        Assert.Equal((double)due.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync(keys.Base + "scheduled", ids[^1]));
        var counts = await store.Queries.GetStateCountsAsync();
        Assert.Equal((Backlog + 1L + RedisJobStore.StageChunkSize, 1L), (counts[JobState.Enqueued], counts[JobState.Scheduled]));
        Assert.Equal(RedisJobStore.StageChunkSize + 2L, (await store.Queries.GetBatchAsync(started.BatchId))!.Total);
        Assert.Equal(RedisJobStore.StageChunkSize + 2, await db.SortedSetLengthAsync(keys.Base + "bj:" + started.BatchId));
        Assert.Equal(ids[0], (await store.Queries.GetJobAsync(ids[0]))!.Job.Id);
        Assert.Empty(TestRedis.Keys(keys.Base + "stg:"));
        // The backlog is older: fetched first, the staged jobs after it, in id order.
        Assert.Equal([ids[0], ids[1]], (await db.SortedSetRangeByRankAsync(keys.Base + "sq:Enqueued:big", Backlog + 1, Backlog + 2)).Select(v => (string)v!));
    }

    // Every way a reader or writer could reach a job by id, a list or a count: none finds a staged one.
    private static async Task AssertHiddenAsync(RedisJobStore store, IReadOnlyList<string> ids, string? batchId)
    {
        Assert.Null(await store.Queries.GetJobAsync(ids[0]));
        Assert.Null(await store.Queries.GetJobAsync(ids[^1]));
        Assert.Equal(0L, (await store.Queries.GetStateCountsAsync()).GetValueOrDefault(JobState.Enqueued));
        Assert.Empty(await store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10)));
        if (batchId is not null) Assert.Empty(await store.Queries.GetBatchJobsAsync(new BatchJobsRequest(batchId, 10)));
        Assert.False(await store.ChangeStateAsync(new ChangeStateRequest(ids[0], new StateChange { State = JobState.Deleted }, [JobState.Enqueued])));
        Assert.Equal(0, await store.ChangeStatesAsync(new ChangeStatesRequest([ids[0], ids[^1]], new StateChange { State = JobState.Deleted }, [JobState.Enqueued])));
        Assert.False(await store.UpdateJobDataAsync(new UpdateJobDataRequest(ids[0]) { Progress = 5 }));
        await Assert.ThrowsAsync<JobNotFoundException>(() => store.CreateJobsAsync(new CreateJobsRequest([new NewJob { Invocation = "{}", Queue = "c", State = JobState.Awaiting, ParentId = ids[0] }])));
        Assert.Empty(await store.FetchJobsAsync(new FetchJobsRequest("s", ["staged"], 10, TimeSpan.FromSeconds(30))));
    }

    private static async Task<int> PruneAllAsync(RedisJobStore store, int step)
    {
        var total = 0;
        int count;
        do total += count = await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(step));
        while (count == step);
        return total;
    }

    private static string[] Keys(string prefix) => [.. TestRedis.Keys(prefix).Select(k => k.ToString())];
}
