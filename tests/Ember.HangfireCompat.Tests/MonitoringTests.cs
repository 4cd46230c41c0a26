// Hangfire's monitoring API as applications call it: JobStorage.Current.GetMonitoringApi() (Hangfire.Storage's
// IMonitoringApi; here Ember.Storage's).
using Ember;
using Ember.HangfireCompat.Tests.App;
using Ember.HangfireCompat.Tests.Support;
using Ember.States;
using Ember.Storage;
using Microsoft.Extensions.Hosting;

namespace Ember.HangfireCompat.Tests;

public class MonitoringTests
{
    [Fact]
    public async Task Statistics_lists_details_queues_servers_and_recurring_jobs()
    {
        using var host = HangfireApp.Build();
        await host.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var succeeded = BackgroundJob.Enqueue(() => Orders.TotalAsync(key, 2));
        var failed = BackgroundJob.Enqueue(() => Orders.Fail(key));
        var scheduled = BackgroundJob.Schedule(() => Orders.Noop(), TimeSpan.FromHours(1));
        var awaiting = BackgroundJob.ContinueJobWith(scheduled, () => Orders.Noop());
        RecurringJob.AddOrUpdate("report", () => Orders.Noop(), Cron.Daily);
        await Eventually.StateAsync(succeeded, SucceededState.StateName);
        await Eventually.StateAsync(failed, FailedState.StateName);

        IMonitoringApi monitor = JobStorage.Current.GetMonitoringApi();
        var statistics = monitor.GetStatistics();
        Assert.Equal(1, statistics.Succeeded);
        Assert.Equal(1, statistics.Failed);
        Assert.Equal(1, statistics.Scheduled);
        Assert.Equal(1, statistics.Awaiting);
        Assert.Equal(1, statistics.Recurring);
        Assert.Equal(1, statistics.Servers);
        Assert.Equal(0, statistics.Enqueued);

        Assert.Equal(succeeded, Assert.Single(monitor.SucceededJobs(0, 10)).Key);
        Assert.Equal("3.0", monitor.SucceededJobs(0, 10)[0].Value.Result);
        var failure = Assert.Single(monitor.FailedJobs(0, 10));
        Assert.Equal(failed, failure.Key);
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.Value.ExceptionType);
        Assert.Equal($"{key} failed", failure.Value.ExceptionMessage);
        Assert.Equal(scheduled, Assert.Single(monitor.ScheduledJobs(0, 10)).Key);
        Assert.Equal("Scheduled", Assert.Single(monitor.AwaitingJobs(0, 10)).Value.ParentStateName);
        Assert.Empty(monitor.ProcessingJobs(0, 10));
        Assert.Empty(monitor.DeletedJobs(0, 10));
        Assert.Equal(1, monitor.FailedCount());
        Assert.Equal(1, monitor.ScheduledCount());
        Assert.Equal(1, monitor.SucceededListCount());
        Assert.Equal(1, monitor.AwaitingCount());
        Assert.Equal(1, monitor.HourlySucceededJobs().Values.Sum());
        Assert.Equal(24, monitor.HourlyFailedJobs().Count);
        Assert.Equal(7, monitor.SucceededByDatesCount().Count);
        Assert.Equal(1, monitor.FailedByDatesCount().Values.Sum());

        var details = monitor.JobDetails(failed)!;
        Assert.Equal(["Failed", "Processing", "Enqueued"], details.History.Select(h => h.StateName));
        Assert.Equal($"{key} failed", details.History[0].Data["ExceptionMessage"]);
        Assert.Equal(nameof(Orders.Fail), details.Job!.Method.Name);
        Assert.Null(monitor.JobDetails("12345678"));

        var server = Assert.Single(monitor.Servers());
        Assert.Equal(["critical", "default"], server.Queues);
        Assert.Equal(4, server.WorkersCount);
        BackgroundJob.Schedule("critical", () => Orders.Noop(), TimeSpan.FromHours(1));
        Assert.Empty(monitor.Queues());
        Assert.Equal(0, monitor.EnqueuedCount("critical"));
        Assert.Equal("report", Assert.Single(monitor.GetRecurringJobs()).Id);
        await host.StopAsync();
    }

    [Fact]
    public void Enqueued_jobs_show_per_queue()
    {
        using var host = HangfireApp.Build(server: false);
        var first = BackgroundJob.Enqueue("critical", () => Orders.Noop());
        var second = BackgroundJob.Enqueue("critical", () => Orders.NoopAsync());
        BackgroundJob.Enqueue(() => Orders.Noop());

        var monitor = JobStorage.Current.GetMonitoringApi();
        var critical = monitor.Queues().Single(q => q.Name == "critical");
        Assert.Equal(2, critical.Length);
        Assert.Equal([second, first], critical.FirstJobs.Select(j => j.Key));
        Assert.Equal(2, monitor.EnqueuedCount("critical"));
        Assert.True(monitor.EnqueuedJobs("critical", 0, 10).All(j => j.Value.InEnqueuedState));
        Assert.Empty(monitor.FetchedJobs("critical", 0, 10));
        Assert.Equal(3, monitor.GetStatistics().Enqueued);
        Assert.Equal(2, monitor.GetStatistics().Queues);
    }
}
