// A Hangfire application's Program.cs: jobs enqueued and recurring jobs registered between Build() and Run().
using Ember;
using Ember.HangfireCompat.Tests.App;
using Ember.HangfireCompat.Tests.Support;
using Ember.States;
using Microsoft.Extensions.Hosting;

namespace Ember.HangfireCompat.Tests;

public class StaticFacadeTests
{
    [Fact]
    public async Task Facades_work_once_the_host_is_built_and_the_jobs_run_when_it_starts()
    {
        var key = Guid.NewGuid().ToString("N");
        using var app = HangfireApp.Build();

        var id = BackgroundJob.Enqueue<IEmailSender>(x => x.SendAsync(key, "welcome@example.com"));
        RecurringJob.AddOrUpdate<IEmailSender>("digest", x => x.Send(key, "digest@example.com"), Cron.Daily(7));
        Assert.Equal(1, JobStorage.Current.GetMonitoringApi().GetStatistics().Recurring);

        await app.StartAsync();
        await Eventually.StateAsync(id, SucceededState.StateName);
        Assert.True(Calls.Contains($"{key}:send-async:welcome@example.com"));
        await app.StopAsync();
    }

    [Fact]
    public void A_newer_host_takes_over_the_facades()
    {
        using var first = HangfireApp.Build(server: false);
        var id = BackgroundJob.Enqueue(() => Orders.Noop());
        using var second = HangfireApp.Build(server: false);

        Assert.Null(JobStorage.Current.GetMonitoringApi().JobDetails(id));
        Assert.NotNull(BackgroundJob.Enqueue(() => Orders.Noop()));
    }
}
