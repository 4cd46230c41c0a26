using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Pause;

public class QueuePauseTests
{
    [Fact]
    public async Task A_paused_queue_runs_nothing_while_other_queues_run_and_runs_its_jobs_once_resumed()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.Queues = ["held", "other"]);
        var monitoring = new JobStorage(harness.Store).GetMonitoringApi();
        Assert.True(monitoring.PauseQueue("held"));
        var held = Signals.NewKey();
        var other = Signals.NewKey();

        var heldId = await harness.Client.EnqueueAsync("held", () => TestJobs.Record(held));
        // Enqueued after the held job: once it has run, the server has fetched past the paused queue.
        await harness.Client.EnqueueAsync("other", () => TestJobs.Record(other));
        await Signals.WaitAsync(other);

        Assert.Equal(0, Signals.Count(held));
        Assert.Equal(JobState.Enqueued, (await harness.DetailsAsync(heldId)).Job.State);
        Assert.Equal(["held"], monitoring.PausedQueues());

        Assert.True(monitoring.ResumeQueue("held"));
        await Signals.WaitAsync(held);
        Assert.Empty(monitoring.PausedQueues());
    }

    [Fact]
    public async Task Pausing_an_invalid_queue_name_says_what_is_wrong_and_an_unknown_queue_may_be_paused()
    {
        var store = new Ember.InMemory.InMemoryJobStore();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.PauseQueueAsync("Bad Name"));

        Assert.Contains("not a valid queue name", error.Message, StringComparison.Ordinal);
        Assert.True(await store.PauseQueueAsync("not-yet-used"));
        Assert.Equal(["not-yet-used"], await store.Queries.GetPausedQueuesAsync());
    }
}
