// Every client shape of Hangfire 1.8, written as a Hangfire application writes it. Hangfire's usings were
// `using Hangfire; using Hangfire.States; using Hangfire.Common;`; Ember's are below. No server runs here: the jobs stay
// where the client put them, and Hangfire's monitoring API reads them back.
using Ember;
using Ember.HangfireCompat.Tests.App;
using Ember.States;
using Microsoft.Extensions.DependencyInjection;

namespace Ember.HangfireCompat.Tests;

public class ClientShapesTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromHours(1);

    [Fact]
    public async Task Every_enqueue_shape_creates_an_enqueued_job_on_its_queue()
    {
        using var host = HangfireApp.Build(server: false);
        var client = host.Services.GetRequiredService<IBackgroundJobClient>();

        string[] onDefault =
        [
            BackgroundJob.Enqueue(() => Orders.Noop()),
            BackgroundJob.Enqueue(() => Orders.NoopAsync()),
            BackgroundJob.Enqueue<IEmailSender>(x => x.Send("k", "a@example.com")),
            BackgroundJob.Enqueue<IEmailSender>(x => x.SendAsync("k", "a@example.com")),
            client.Enqueue(() => Orders.Noop()),
            client.Enqueue(() => Orders.NoopAsync()),
            client.Enqueue<IEmailSender>(x => x.Send("k", "a@example.com")),
            client.Enqueue<IEmailSender>(x => x.SendAsync("k", "a@example.com")),
            await client.EnqueueAsync(() => Orders.Noop()),
            await BackgroundJob.EnqueueAsync<IEmailSender>(x => x.SendAsync("k", "a@example.com")),
            client.Create(() => Orders.Noop(), new EnqueuedState()),
            client.Create(Job.FromExpression(() => Orders.Noop()), new EnqueuedState()),
        ];
        string[] onCritical =
        [
            BackgroundJob.Enqueue("critical", () => Orders.Noop()),
            BackgroundJob.Enqueue("critical", () => Orders.NoopAsync()),
            BackgroundJob.Enqueue<IEmailSender>("critical", x => x.Send("k", "a@example.com")),
            BackgroundJob.Enqueue<IEmailSender>("critical", x => x.SendAsync("k", "a@example.com")),
            client.Enqueue("critical", () => Orders.Noop()),
            client.Enqueue<IEmailSender>("critical", x => x.SendAsync("k", "a@example.com")),
            await client.EnqueueAsync("critical", () => Orders.NoopAsync()),
            client.Create(() => Orders.Noop(), new EnqueuedState("critical")),
            client.Create("critical", () => Orders.Noop(), new EnqueuedState()),
        ];

        AssertJobs(onDefault, EnqueuedState.StateName, "default");
        AssertJobs(onCritical, EnqueuedState.StateName, "critical");
    }

    [Fact]
    public async Task Every_schedule_shape_creates_a_scheduled_job_due_at_its_time()
    {
        using var host = HangfireApp.Build(server: false);
        var client = host.Services.GetRequiredService<IBackgroundJobClient>();
        var at = DateTimeOffset.UtcNow.Add(Delay);

        string[] scheduled =
        [
            BackgroundJob.Schedule(() => Orders.Noop(), Delay),
            BackgroundJob.Schedule(() => Orders.NoopAsync(), at),
            BackgroundJob.Schedule<IEmailSender>(x => x.Send("k", "a@example.com"), Delay),
            BackgroundJob.Schedule<IEmailSender>(x => x.SendAsync("k", "a@example.com"), at),
            client.Schedule(() => Orders.Noop(), at),
            client.Schedule<IEmailSender>(x => x.SendAsync("k", "a@example.com"), Delay),
            await client.ScheduleAsync(() => Orders.NoopAsync(), Delay),
            client.Create(() => Orders.Noop(), new ScheduledState(Delay)),
            client.Create(() => Orders.Noop(), new ScheduledState(at.UtcDateTime)),
        ];
        string[] scheduledOnCritical =
        [
            BackgroundJob.Schedule("critical", () => Orders.Noop(), Delay),
            BackgroundJob.Schedule<IEmailSender>("critical", x => x.SendAsync("k", "a@example.com"), at),
            client.Schedule("critical", () => Orders.NoopAsync(), at),
            await BackgroundJob.ScheduleAsync("critical", () => Orders.Noop(), Delay),
        ];

        AssertJobs(scheduled, ScheduledState.StateName, "default");
        AssertJobs(scheduledOnCritical, ScheduledState.StateName, "critical");
        var monitor = JobStorage.Current.GetMonitoringApi();
        foreach (var (_, job) in monitor.ScheduledJobs(0, 100))
            Assert.InRange(job.EnqueueAt, at.UtcDateTime.AddMinutes(-1), at.UtcDateTime.AddMinutes(1));
    }

    [Fact]
    public async Task Every_continuation_shape_waits_for_its_parent()
    {
        using var host = HangfireApp.Build(server: false);
        var client = host.Services.GetRequiredService<IBackgroundJobClient>();
        var parent = BackgroundJob.Schedule(() => Orders.Noop(), Delay);

        string[] onDefault =
        [
            BackgroundJob.ContinueJobWith(parent, () => Orders.Noop()),
            BackgroundJob.ContinueJobWith(parent, () => Orders.NoopAsync(), JobContinuationOptions.OnAnyFinishedState),
            BackgroundJob.ContinueJobWith<IEmailSender>(parent, x => x.Send("k", "a@example.com"), JobContinuationOptions.OnlyOnSucceededState),
            BackgroundJob.ContinueJobWith<IEmailSender>(parent, x => x.SendAsync("k", "a@example.com")),
            client.ContinueJobWith(parent, () => Orders.Noop(), JobContinuationOptions.OnlyOnDeletedState),
            client.ContinueJobWith(parent, () => Orders.Noop(), new EnqueuedState(), JobContinuationOptions.OnAnyFinishedState),
            await client.ContinueJobWithAsync(parent, () => Orders.NoopAsync()),
            client.Create(() => Orders.Noop(), new AwaitingState(parent)),
        ];
        string[] onCritical =
        [
            BackgroundJob.ContinueJobWith(parent, "critical", () => Orders.Noop()),
            BackgroundJob.ContinueJobWith<IEmailSender>(parent, "critical", x => x.SendAsync("k", "a@example.com"), JobContinuationOptions.OnAnyFinishedState),
            client.ContinueJobWith(parent, "critical", () => Orders.NoopAsync()),
            client.ContinueJobWith<IEmailSender>(parent, x => x.Send("k", "a@example.com"), new EnqueuedState("critical")),
            client.Create(() => Orders.Noop(), new AwaitingState(parent, new EnqueuedState("critical"), JobContinuationOptions.OnAnyFinishedState)),
        ];

        AssertJobs(onDefault, AwaitingState.StateName, "default");
        AssertJobs(onCritical, AwaitingState.StateName, "critical");
        Assert.All(onDefault.Concat(onCritical), id => Assert.Equal(parent, JobStorage.Current.GetMonitoringApi().JobDetails(id)!.Info!.ParentId));
    }

    [Fact]
    public void Requeue_delete_and_reschedule_take_the_state_to_expect()
    {
        using var host = HangfireApp.Build(server: false);
        var client = host.Services.GetRequiredService<IBackgroundJobClient>();
        var id = BackgroundJob.Schedule(() => Orders.Noop(), Delay);

        Assert.False(BackgroundJob.Requeue(id, FailedState.StateName));
        Assert.True(BackgroundJob.Requeue(id, ScheduledState.StateName));
        AssertJobs([id], EnqueuedState.StateName, "default");

        Assert.True(BackgroundJob.Reschedule(id, TimeSpan.FromMinutes(10)));
        Assert.True(BackgroundJob.Reschedule(id, DateTimeOffset.UtcNow.AddMinutes(20), ScheduledState.StateName));
        Assert.True(client.Reschedule(id, TimeSpan.FromMinutes(30), ScheduledState.StateName));
        AssertJobs([id], ScheduledState.StateName, "default");

        Assert.False(BackgroundJob.Delete(id, EnqueuedState.StateName));
        Assert.True(BackgroundJob.Delete(id, ScheduledState.StateName));
        AssertJobs([id], DeletedState.StateName, "default");

        Assert.True(client.ChangeState(id, new EnqueuedState(), DeletedState.StateName));
        Assert.True(client.ChangeState(id, new DeletedState()));
        Assert.True(BackgroundJob.Requeue(id));
        Assert.True(BackgroundJob.Delete(id));
        Assert.False(BackgroundJob.Delete(id));
    }

    [Fact]
    public void Bad_input_gets_an_error_that_says_what_to_use()
    {
        using var host = HangfireApp.Build(server: false);
        var client = host.Services.GetRequiredService<IBackgroundJobClient>();
        var id = BackgroundJob.Enqueue(() => Orders.Noop());

        var unknownState = Assert.Throws<ArgumentException>(() => BackgroundJob.Requeue(id, "failed"));
        Assert.Contains("FailedState.StateName", unknownState.Message, StringComparison.Ordinal);
        var serverOnly = Assert.Throws<ArgumentException>(() => client.ChangeState(id, new FailedState()));
        Assert.Contains("Only servers", serverOnly.Message, StringComparison.Ordinal);
        var otherQueue = Assert.Throws<ArgumentException>(() => client.ChangeState(id, new EnqueuedState("critical")));
        Assert.Contains("create a new job", otherQueue.Message, StringComparison.Ordinal);
        var finalAtStart = Assert.Throws<ArgumentException>(() => client.Create(() => Orders.Noop(), new DeletedState()));
        Assert.Contains("EnqueuedState", finalAtStart.Message, StringComparison.Ordinal);
        var scheduledNext = Assert.Throws<ArgumentException>(() => client.ContinueJobWith(id, () => Orders.Noop(), new ScheduledState(Delay)));
        Assert.Contains("EnqueuedState", scheduledNext.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BackgroundJob.Enqueue("Critical Queue", () => Orders.Noop()));
        Assert.Throws<ArgumentOutOfRangeException>(() => BackgroundJob.Reschedule(id, TimeSpan.FromMinutes(-1)));
    }

    private static void AssertJobs(IEnumerable<string> ids, string state, string queue)
    {
        var monitor = JobStorage.Current.GetMonitoringApi();
        foreach (var id in ids)
        {
            var job = monitor.JobDetails(id);
            Assert.NotNull(job);
            Assert.Equal(state, job.History[0].StateName);
            Assert.Equal(queue, job.Info!.Queue);
            Assert.Null(job.LoadException);
            Assert.NotNull(job.Job);
        }
    }
}
