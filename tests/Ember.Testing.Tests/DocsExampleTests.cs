using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

// The example at the top of docs/testing.md, as it is there: keep the two in step.
namespace Ember.Testing.Tests.DocsExample;

public interface IEmailSender
{
    Task SendWelcomeAsync(int userId, CancellationToken token);

    Task SendTipsAsync(int userId, CancellationToken token);
}

public sealed class Signups(IBackgroundJobClient jobs)
{
    public async Task<string> SignUpAsync(int userId)
    {
        var welcome = await jobs.EnqueueAsync<IEmailSender>(x => x.SendWelcomeAsync(userId, CancellationToken.None));
        await jobs.ContinueJobWithAsync<IEmailSender>(welcome, x => x.SendTipsAsync(userId, CancellationToken.None));
        await jobs.ScheduleAsync<IEmailSender>(x => x.SendTipsAsync(userId, CancellationToken.None), TimeSpan.FromDays(7));
        return welcome;
    }
}

public class SignupsTests
{
    [Fact]
    public async Task Signing_up_sends_a_welcome_then_tips_now_and_in_a_week()
    {
        var clock = new FakeTimeProvider();
        var sender = new FakeEmailSender();
        var services = new ServiceCollection().AddSingleton<IEmailSender>(sender).BuildServiceProvider();
        var jobs = new TestBackgroundJobClient(new EmberTestingOptions { TimeProvider = clock, Services = services });

        var welcome = await new Signups(jobs).SignUpAsync(42);

        jobs.AssertEnqueued<IEmailSender>(x => x.SendWelcomeAsync(42, CancellationToken.None));
        jobs.AssertContinuation<IEmailSender>(welcome, x => x.SendTipsAsync(42, CancellationToken.None));
        jobs.AssertScheduled<IEmailSender>(x => x.SendTipsAsync(42, CancellationToken.None), TimeSpan.FromDays(7));
        jobs.AssertNotEnqueued<IEmailSender>(x => x.SendWelcomeAsync(JobArg.Is<int>(id => id != 42), CancellationToken.None));

        (await jobs.RunPendingAsync()).EnsureAllSucceeded();   // the welcome, then its continuation
        Assert.Equal(["welcome 42", "tips 42"], sender.Sent);

        clock.Advance(TimeSpan.FromDays(7));
        (await jobs.RunPendingAsync()).EnsureAllSucceeded();   // the tips scheduled for a week later
        Assert.Equal(["welcome 42", "tips 42", "tips 42"], sender.Sent);
    }

    private sealed class FakeEmailSender : IEmailSender
    {
        public List<string> Sent { get; } = [];

        public Task SendWelcomeAsync(int userId, CancellationToken token)
        {
            Sent.Add($"welcome {userId}");
            return Task.CompletedTask;
        }

        public Task SendTipsAsync(int userId, CancellationToken token)
        {
            Sent.Add($"tips {userId}");
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task The_failure_message_shown_in_the_docs()
    {
        var jobs = new TestBackgroundJobClient(new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero)));
        await new Signups(jobs).SignUpAsync(41);

        var error = Assert.Throws<JobAssertionException>(() => jobs.AssertEnqueued<IEmailSender>(x => x.SendWelcomeAsync(42, CancellationToken.None)));

        Assert.Equal(
            """
            Expected IEmailSender.SendWelcomeAsync(42, CancellationToken) to be enqueued, but no job matched. 3 jobs were created:
              #1 IEmailSender.SendWelcomeAsync(41, CancellationToken)  queue: default, Enqueued
                  differs: argument 'userId' was 41, expected 42
              #2 IEmailSender.SendTipsAsync(41, CancellationToken)  queue: default, Awaiting, continuation of #1
              #3 IEmailSender.SendTipsAsync(41, CancellationToken)  queue: default, Scheduled for 2025-03-08 09:00:00Z
            """.ReplaceLineEndings(), error.Message);
    }
}
