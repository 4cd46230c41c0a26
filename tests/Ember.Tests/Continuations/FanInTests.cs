using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Continuations;

// Fan-in through the client: one continuation of several parents runs once, after the last of them.
public class FanInTests
{
    [Fact]
    public async Task A_continuation_of_three_parents_runs_once_after_the_last()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 4);
        var key = Signals.NewKey();
        var gate = harness.Client.Enqueue(() => TestJobs.WaitForGateAsync(key, CancellationToken.None));
        var quick = new[] { harness.Client.Enqueue(() => TestJobs.Record(key + ":p")), harness.Client.Enqueue(() => TestJobs.Record(key + ":p")) };

        var fanIn = harness.Client.ContinueJobWith(new[] { quick[0], gate, quick[1] }, () => TestJobs.Record(key + ":fan-in"));
        var sameWithOtherName = await harness.Client.ContinueWhenAllAsync(new[] { gate, quick[0] }, () => TestJobs.Record(key + ":fan-in"));

        await Signals.WaitAsync(key + ":p", 2);
        await Signals.WaitAsync(key + ":started");
        Assert.Equal(JobState.Awaiting, (await harness.DetailsAsync(fanIn)).Job.State);
        Gates.Release(key);

        await harness.WaitForStateAsync(fanIn, JobState.Succeeded);
        await harness.WaitForStateAsync(sameWithOtherName, JobState.Succeeded);
        Assert.Equal(2, Signals.Count(key + ":fan-in"));
        Assert.Equal([quick[0], gate, quick[1]], (await harness.DetailsAsync(fanIn)).ParentIds);
    }

    [Fact]
    public async Task Bad_parent_lists_are_refused_with_what_to_fix_and_nothing_is_stored()
    {
        await using var harness = await ServerHarness.StartAsync();
        var parent = await harness.Client.EnqueueAsync(() => TestJobs.Record("k"));

        var twice = await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.ContinueJobWithAsync(new[] { parent, parent }, () => TestJobs.Record("k")));
        Assert.Contains("names a parent twice", twice.Message, StringComparison.Ordinal);
        var none = await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.ContinueJobWithAsync(Array.Empty<string>(), () => TestJobs.Record("k")));
        Assert.Contains("at least one parent", none.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<JobNotFoundException>(() => harness.Client.ContinueWhenAllAsync(new[] { parent, "424242" }, () => TestJobs.Record("k")));
        Assert.Equal("424242", missing.JobId);
        Assert.Equal(1, (await harness.Store.Queries.GetStateCountsAsync()).Values.Sum());
    }
}
