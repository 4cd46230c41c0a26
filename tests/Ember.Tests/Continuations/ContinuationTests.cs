using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Continuations;

public class ContinuationTests
{
    [Fact]
    public async Task A_chain_runs_in_order()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        var first = harness.Client.Enqueue(() => ChainJobs.Step(key, 1));
        var second = harness.Client.ContinueJobWith(first, () => ChainJobs.Step(key, 2));
        var third = harness.Client.ContinueJobWith(second, () => ChainJobs.Step(key, 3));

        await harness.WaitForStateAsync(third, JobState.Succeeded);
        Assert.Equal([1, 2, 3], ChainJobs.Order(key));
        Assert.Equal(first, (await harness.DetailsAsync(second)).Job.ParentId);
        Assert.Equal([second], await harness.Store.Queries.GetContinuationIdsAsync(first));
    }

    [Fact]
    public async Task Fan_out_runs_every_continuation_once_the_parent_succeeds()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 8);
        var key = Signals.NewKey();
        var parent = harness.Client.Enqueue(() => TestJobs.WaitForGateAsync(key, CancellationToken.None));
        var children = Enumerable.Range(0, 50).Select(_ => harness.Client.ContinueJobWith(parent, () => TestJobs.Record(key + ":child"))).ToList();
        await Signals.WaitAsync(key + ":started");
        Assert.Equal(0, Signals.Count(key + ":child"));

        Gates.Release(key);

        await Signals.WaitAsync(key + ":child", 50);
        foreach (var child in children) await harness.WaitForStateAsync(child, JobState.Succeeded);
    }

    [Fact]
    public async Task When_the_parent_fails_an_only_on_success_continuation_is_deleted_and_an_any_state_one_runs()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();
        var parent = harness.Client.Enqueue(() => TestJobs.FailAlways(key));
        var onSuccess = harness.Client.ContinueJobWith(parent, () => TestJobs.Record(key + ":success"));
        var onAny = harness.Client.ContinueJobWith(parent, () => TestJobs.Record(key + ":any"), JobContinuationOptions.OnAnyFinishedState);

        await harness.WaitForStateAsync(parent, JobState.Failed);

        var deleted = await harness.WaitForStateAsync(onSuccess, JobState.Deleted);
        Assert.NotNull(deleted.ExpireAt);
        Assert.Equal(HistoryKind.ParentFailed, (await harness.DetailsAsync(onSuccess)).History[^1].Kind);
        await harness.WaitForStateAsync(onAny, JobState.Succeeded);
        Assert.Equal(0, Signals.Count(key + ":success"));
    }

    [Fact]
    public async Task A_continuation_added_after_the_parent_finished_starts_at_once()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();
        var parent = harness.Client.Enqueue(() => TestJobs.Record(key));
        await harness.WaitForStateAsync(parent, JobState.Succeeded);

        var late = await harness.Client.ContinueJobWithAsync(parent, () => TestJobs.Record(key + ":late"));

        await harness.WaitForStateAsync(late, JobState.Succeeded);
    }

    [Fact]
    public async Task A_continuation_of_a_job_that_does_not_exist_is_refused_and_nothing_is_stored()
    {
        await using var harness = await ServerHarness.StartAsync();

        var error = await Assert.ThrowsAsync<JobNotFoundException>(() => harness.Client.ContinueJobWithAsync("424242", () => TestJobs.Record("k")));

        Assert.Contains("Job 424242 does not exist", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await harness.Store.Queries.GetStateCountsAsync()).Values.Sum());
        Assert.Throws<ArgumentException>(() => harness.Client.ContinueJobWith(" ", () => TestJobs.Record("k")));
    }

    [Fact]
    public async Task Deleting_the_head_of_a_chain_deletes_the_whole_chain()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.Queues = ["nothing-runs-here"]);
        var ids = new List<string> { harness.Client.Enqueue(() => TestJobs.Record("k")) };
        for (var i = 0; i < 50; i++) ids.Add(harness.Client.ContinueJobWith(ids[^1], () => TestJobs.Record("k")));

        harness.Client.Delete(ids[0]);

        var counts = await harness.Store.Queries.GetStateCountsAsync();
        Assert.Equal(51, counts[JobState.Deleted]);
        Assert.Equal(0, counts[JobState.Awaiting]);
    }

    public static class ChainJobs
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentQueue<int>> Steps = new();

        public static void Step(string key, int step) => Steps.GetOrAdd(key, _ => new()).Enqueue(step);

        public static int[] Order(string key) => [.. Steps[key]];
    }
}
