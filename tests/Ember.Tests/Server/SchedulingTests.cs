using Ember.Tests.Support;

namespace Ember.Tests.Server;

public class SchedulingTests
{
    [Fact]
    public async Task Delayed_job_starts_within_about_a_second_of_its_due_time_with_default_polling()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.SchedulePollingInterval = new ServerOptions().SchedulePollingInterval);
        var key = Signals.NewKey();

        var id = harness.Client.Schedule(() => TestJobs.Record(key), TimeSpan.FromSeconds(1.5));
        var due = (await harness.DetailsAsync(id)).Job.ScheduledAt!.Value;
        Assert.Equal(JobState.Scheduled, (await harness.DetailsAsync(id)).Job.State);

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        var started = (await harness.DetailsAsync(id)).History.Single(h => h.State == JobState.Processing).At;
        Assert.InRange(started - due, TimeSpan.Zero, TimeSpan.FromSeconds(1.3));
    }
}
