// Recurring jobs as Hangfire 1.8 applications register them: every AddOrUpdate shape, Cron helpers (also as method
// groups), Cron.Never() with TriggerJob, RecurringJobOptions with Hangfire's members, Windows time-zone ids.
using Ember;
using Ember.HangfireCompat.Tests.App;
using Ember.HangfireCompat.Tests.Support;
using Ember.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ember.HangfireCompat.Tests;

public class RecurringTests
{
    [Fact]
    public async Task Every_AddOrUpdate_shape_registers_its_recurring_job()
    {
        using var host = HangfireApp.Build(server: false);
        var manager = host.Services.GetRequiredService<IRecurringJobManager>();
        var paris = new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), MisfireHandling = MisfireHandlingMode.Strict };

        RecurringJob.AddOrUpdate("static-action", () => Orders.Noop(), Cron.Hourly);
        RecurringJob.AddOrUpdate("static-task", () => Orders.NoopAsync(), Cron.Daily(3, 30));
        RecurringJob.AddOrUpdate<IEmailSender>("instance-action", x => x.Send("k", "a@example.com"), Cron.Weekly, paris);
        RecurringJob.AddOrUpdate<IEmailSender>("instance-task", x => x.SendAsync("k", "a@example.com"), "*/5 * * * *", paris);
        RecurringJob.AddOrUpdate("static-queue", "critical", () => Orders.Noop(), Cron.Minutely);
        RecurringJob.AddOrUpdate<IEmailSender>("instance-queue", "critical", x => x.SendAsync("k", "a@example.com"), Cron.MinuteInterval(10), paris);
        RecurringJob.AddOrUpdate("obsolete-zone", () => Orders.Noop(), Cron.Daily, TimeZoneInfo.Utc, "critical");
        RecurringJob.AddOrUpdate("obsolete-queue-option", () => Orders.Noop(), Cron.Monthly, new RecurringJobOptions { QueueName = "critical" });
        manager.AddOrUpdate("manager-action", () => Orders.Noop(), Cron.Yearly);
        manager.AddOrUpdate<IEmailSender>("manager-queue", "critical", x => x.Send("k", "a@example.com"), Cron.Hourly(15));
        manager.AddOrUpdate("manager-job", Job.FromExpression(() => Orders.Noop()), Cron.Daily(), new RecurringJobOptions());
        await manager.AddOrUpdateAsync("manager-async", () => Orders.NoopAsync(), Cron.HourInterval(2));
        await RecurringJob.AddOrUpdateAsync<IEmailSender>("static-async", x => x.SendAsync("k", "a@example.com"), Cron.DayInterval(2));

        var recurring = JobStorage.Current.GetMonitoringApi().GetRecurringJobs().ToDictionary(r => r.Id);
        Assert.Equal(13, recurring.Count);
        Assert.All(recurring.Values, r => Assert.NotNull(r.Job));
        Assert.Equal("0 * * * *", recurring["static-action"].Cron);
        Assert.Equal("30 3 * * *", recurring["static-task"].Cron);
        Assert.Equal("0 0 * * 1", recurring["instance-action"].Cron);
        Assert.Equal("Europe/Paris", recurring["instance-task"].TimeZoneId);
        Assert.Equal(["critical"], recurring.Values.Where(r => r.Id.Contains("queue") || r.Id == "obsolete-zone").Select(r => r.Queue).Distinct());
        Assert.Equal("default", recurring["static-action"].Queue);
        Assert.Equal(MisfireHandlingMode.RunAll, (await host.Services.GetRequiredService<Storage.IJobStore>().Queries.GetRecurringJobAsync("instance-task"))!.Misfire);

        Assert.True(RecurringJob.RemoveIfExists("static-action"));
        manager.RemoveIfExists("manager-action");
        Assert.Equal(11, JobStorage.Current.GetMonitoringApi().GetRecurringJobs().Count);
    }

    [Fact]
    public void Cron_helpers_give_Hangfire_s_expressions()
    {
        Assert.Equal("* * * * *", Cron.Minutely());
        Assert.Equal("0 * * * *", Cron.Hourly());
        Assert.Equal("15 * * * *", Cron.Hourly(15));
        Assert.Equal("0 0 * * *", Cron.Daily());
        Assert.Equal("0 3 * * *", Cron.Daily(3));
        Assert.Equal("30 3 * * *", Cron.Daily(3, 30));
        Assert.Equal("0 0 * * 1", Cron.Weekly());
        Assert.Equal("0 0 * * 5", Cron.Weekly(DayOfWeek.Friday));
        Assert.Equal("0 18 * * 5", Cron.Weekly(DayOfWeek.Friday, 18));
        Assert.Equal("30 18 * * 5", Cron.Weekly(DayOfWeek.Friday, 18, 30));
        Assert.Equal("0 0 1 * *", Cron.Monthly());
        Assert.Equal("0 0 15 * *", Cron.Monthly(15));
        Assert.Equal("0 6 15 * *", Cron.Monthly(15, 6));
        Assert.Equal("30 6 15 * *", Cron.Monthly(15, 6, 30));
        Assert.Equal("0 0 1 1 *", Cron.Yearly());
        Assert.Equal("0 0 1 12 *", Cron.Yearly(12));
        Assert.Equal("0 0 25 12 *", Cron.Yearly(12, 25));
        Assert.Equal("0 8 25 12 *", Cron.Yearly(12, 25, 8));
        Assert.Equal("30 8 25 12 *", Cron.Yearly(12, 25, 8, 30));
        Assert.Equal("0 0 31 2 *", Cron.Never());
        Assert.Equal("*/5 * * * *", Cron.MinuteInterval(5));
        Assert.Equal("0 */2 * * *", Cron.HourInterval(2));
        Assert.Equal("0 0 */3 * *", Cron.DayInterval(3));
        Assert.Equal("0 0 1 */6 *", Cron.MonthInterval(6));
        Func<string>[] methodGroups = [Cron.Minutely, Cron.Hourly, Cron.Daily, Cron.Weekly, Cron.Monthly, Cron.Yearly, Cron.Never];
        Assert.Equal(7, methodGroups.Select(f => f()).Distinct().Count());
        Assert.Equal("Every day at 03:30", Cron.GetDescription(Cron.Daily(3, 30)));
        Assert.Equal("Never (only when triggered)", Cron.GetDescription(Cron.Never()));
    }

    [Fact]
    public async Task A_never_job_is_stored_without_a_next_run_and_runs_when_triggered()
    {
        using var host = HangfireApp.Build();
        await host.StartAsync();
        var key = Guid.NewGuid().ToString("N");

        RecurringJob.AddOrUpdate("manual", () => Orders.Audit(key), Cron.Never);
        var stored = Assert.Single(JobStorage.Current.GetMonitoringApi().GetRecurringJobs());
        Assert.Null(stored.NextExecution);
        Assert.Null(stored.Error);

        var id = RecurringJob.TriggerJob("manual");
        Assert.NotNull(id);
        await Eventually.StateAsync(id, SucceededState.StateName);
        Assert.True(Calls.Contains($"{key}:audit"));
        var triggered = Assert.Single(JobStorage.Current.GetMonitoringApi().GetRecurringJobs());
        Assert.Equal(id, triggered.LastJobId);
        Assert.Equal(SucceededState.StateName, triggered.LastJobState);
        Assert.Null(triggered.NextExecution);
        Assert.Null(RecurringJob.TriggerJob("no-such-job"));
        await host.StopAsync();
    }

    [Theory]
    [InlineData("W. Europe Standard Time")]
    [InlineData("Romance Standard Time")]
    [InlineData("Eastern Standard Time")]
    public void Windows_time_zone_ids_keep_working(string windowsId)
    {
        using var host = HangfireApp.Build(server: false);

        RecurringJob.AddOrUpdate("windows-zone", () => Orders.Noop(), Cron.Daily(9), new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(windowsId) });
        RecurringJob.AddOrUpdate("windows-zone-by-id", () => Orders.Noop(), Cron.Daily(9), new RecurringJobOptions { TimeZoneId = windowsId });

        var zone = TimeZoneInfo.FindSystemTimeZoneById(windowsId);
        foreach (var recurring in JobStorage.Current.GetMonitoringApi().GetRecurringJobs())
        {
            var next = recurring.NextExecution!.Value;
            Assert.Equal(9, TimeZoneInfo.ConvertTimeFromUtc(next, zone).Hour);
        }
    }

    [Fact]
    public void Hangfire_misfire_names_are_Ember_s_modes()
    {
        Assert.Equal(MisfireHandlingMode.RunOnce, MisfireHandlingMode.Relaxed);
        Assert.Equal(MisfireHandlingMode.RunAll, MisfireHandlingMode.Strict);
        Assert.Equal(MisfireHandlingMode.Skip, MisfireHandlingMode.Ignorable);
        Assert.Equal(MisfireHandlingMode.Relaxed, new RecurringJobOptions().MisfireHandling);
    }

    [Fact]
    public void Bad_input_gets_an_error_that_names_it()
    {
        using var host = HangfireApp.Build(server: false);

        var badCron = Assert.Throws<ArgumentException>(() => RecurringJob.AddOrUpdate("bad", () => Orders.Noop(), "every minute"));
        Assert.Contains("every minute", badCron.Message, StringComparison.Ordinal);
        var nullCron = Assert.Throws<ArgumentException>(() => RecurringJob.AddOrUpdate("bad", () => Orders.Noop(), () => null!));
        Assert.Contains("returned null", nullCron.Message, StringComparison.Ordinal);
        var badZone = Assert.Throws<ArgumentException>(() => new RecurringJobOptions { TimeZoneId = "Mars/Olympus" });
        Assert.Contains("Mars/Olympus", badZone.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RecurringJobOptions { QueueName = "Not A Queue" });
        Assert.Empty(JobStorage.Current.GetMonitoringApi().GetRecurringJobs());
    }
}
