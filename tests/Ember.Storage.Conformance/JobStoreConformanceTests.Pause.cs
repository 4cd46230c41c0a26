using Xunit;

namespace Ember.Storage.Conformance;

// Paused queues and paused recurring jobs: a paused queue is skipped by every fetch (its jobs stay Enqueued) until
// resumed; a paused recurring job is never due, and keeps its NextRunAt through upserts until resumed.
public abstract partial class JobStoreConformanceTests
{
    private Task<bool> PauseQueueAsync(string queue, bool paused = true) => Store.SetQueuePausedAsync(new SetPausedRequest(queue, paused));

    [Fact]
    public async Task Fetch_skips_a_paused_queue_and_takes_the_others()
    {
        var paused = await CreateEnqueuedAsync("paused");
        var other = await CreateEnqueuedAsync("other");

        Assert.True(await PauseQueueAsync("paused"));

        Assert.Equal([other], Ids(await FetchAsync(10, "paused", "other")));
        Assert.Equal(JobState.Enqueued, await GetStateAsync(paused));
        Assert.Equal(["paused"], await Store.Queries.GetPausedQueuesAsync());
    }

    [Fact]
    public async Task Resume_lets_fetch_take_the_queue_again()
    {
        var id = await CreateEnqueuedAsync("q");
        await PauseQueueAsync("q");
        Assert.Empty(await FetchAsync(10, "q"));

        Assert.True(await PauseQueueAsync("q", paused: false));

        Assert.Equal([id], Ids(await FetchAsync(10, "q")));
        Assert.Empty(await Store.Queries.GetPausedQueuesAsync());
    }

    [Fact]
    public async Task Pausing_twice_or_resuming_a_running_queue_changes_nothing()
    {
        Assert.True(await PauseQueueAsync("q"));
        Assert.False(await PauseQueueAsync("q"));
        Assert.True(await PauseQueueAsync("q", paused: false));
        Assert.False(await PauseQueueAsync("q", paused: false));
    }

    [Fact]
    public async Task A_queue_paused_before_it_has_jobs_holds_the_jobs_it_gets()
    {
        Assert.True(await PauseQueueAsync("future"));

        var id = await CreateEnqueuedAsync("future");

        Assert.Empty(await FetchAsync(10, "future"));
        await PauseQueueAsync("future", paused: false);
        Assert.Equal([id], Ids(await FetchAsync(10, "future")));
    }

    [Fact]
    public async Task Notifications_report_a_resumed_queue_that_holds_jobs()
    {
        await CreateEnqueuedAsync("held");
        await PauseQueueAsync("held");
        using var work = RecordWork();
        if (work is null) return;

        await PauseQueueAsync("held", paused: false);

        await work.WaitForAsync("held");
    }

    [Fact]
    public async Task A_paused_recurring_job_is_not_due_and_keeps_its_next_run_through_upserts()
    {
        await UpsertAsync(Recurring("a", Start.AddMinutes(1)));
        await UpsertAsync(Recurring("b", Start.AddMinutes(2)));
        Assert.True(await Store.SetRecurringJobPausedAsync(new SetPausedRequest("a", true)));
        await UpsertAsync(Recurring("a", Start.AddMinutes(1)));

        Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(["b"], await DueIdsAsync(1));
        var a = await GetRecurringAsync("a");
        Assert.True(a.Paused);
        Assert.Equal(Start.AddMinutes(1), a.NextRunAt);

        Assert.True(await Store.SetRecurringJobPausedAsync(new SetPausedRequest("a", false)));
        Assert.Equal(["a", "b"], await DueIdsAsync());
        Assert.False((await GetRecurringAsync("a")).Paused);
    }

    [Fact]
    public async Task Pausing_an_unknown_recurring_job_returns_false()
    {
        Assert.False(await Store.SetRecurringJobPausedAsync(new SetPausedRequest("missing", true)));
    }
}
