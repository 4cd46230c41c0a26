using Xunit;

namespace Ember.Storage.Conformance;

// IJobNotifications, for stores that offer it: a queue is reported whenever jobs become Enqueued in it.
// Stores without the capability pass these tests trivially. Checks that something was *not* reported first wait for a
// later marker notification, so they hold for stores whose notifications arrive asynchronously but in order.
public abstract partial class JobStoreConformanceTests
{
    private WorkRecorder? RecordWork() => Store.GetCapability<IJobNotifications>() is { } notifications ? new WorkRecorder(notifications) : null;

    [Fact]
    public async Task Notifications_report_the_queue_of_a_created_Enqueued_job()
    {
        using var work = RecordWork();
        if (work is null) return;

        await CreateEnqueuedAsync("mail");

        await work.WaitForAsync("mail");
    }

    [Fact]
    public async Task Notifications_report_a_Scheduled_job_only_once_it_is_enqueued()
    {
        var parent = await StartAsync("parent");
        using var work = RecordWork();
        if (work is null) return;

        await CreateAsync(Job(JobState.Scheduled, "later", Start.AddSeconds(10)), Continuation(parent.Id, queue: "waiting"));
        await CreateEnqueuedAsync("marker");
        await work.WaitForAsync("marker");
        Assert.Equal(["marker"], work.Queues);

        Advance(10);
        Assert.Equal(1, await EnqueueDueAsync());

        await work.WaitForAsync("later");
    }

    [Fact]
    public async Task Notifications_report_requeued_and_rescued_jobs()
    {
        var requeued = await StartAsync("requeued");
        await StartAsync("rescued");
        using var work = RecordWork();
        if (work is null) return;

        Assert.True(await RequeueAsync(requeued.Id, JobState.Processing));
        await work.WaitForAsync("requeued");

        Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RescueAsync());
        await work.WaitForAsync("rescued");
    }

    [Fact]
    public async Task Notifications_stop_when_the_subscription_is_disposed()
    {
        using var stopped = RecordWork();
        using var listening = RecordWork();
        if (stopped is null || listening is null) return;

        stopped.Dispose();
        await CreateEnqueuedAsync("mail");

        await listening.WaitForAsync("mail");
        Assert.Empty(stopped.Queues);
    }
}
