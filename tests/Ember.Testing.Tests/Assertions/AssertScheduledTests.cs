using Ember.Testing.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Testing.Tests.Assertions;

public class AssertScheduledTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly TestBackgroundJobClient _jobs;

    public AssertScheduledTests() => _jobs = new TestBackgroundJobClient(_clock);

    [Fact]
    public void Passes_for_a_delay_or_a_time_and_keeps_the_time_after_the_job_ran()
    {
        _jobs.Schedule<IEmailSender>(x => x.Ping(), TimeSpan.FromHours(1));

        var job = _jobs.AssertScheduled<IEmailSender>(x => x.Ping(), TimeSpan.FromHours(1));
        _jobs.AssertScheduled<IEmailSender>(x => x.Ping(), Start.AddHours(1));
        _jobs.AssertScheduled<IEmailSender>(x => x.Ping(), new JobMatch { ScheduledAt = Start.AddHours(1), Tolerance = TimeSpan.Zero, State = JobState.Scheduled });
        Assert.Equal(Start.AddHours(1), job.ScheduledAt);
        Assert.Equal(JobState.Scheduled, job.CreatedAs);

        _clock.Advance(TimeSpan.FromHours(1));
        _jobs.AssertScheduled<IEmailSender>(x => x.Ping(), Start.AddHours(1));
    }

    [Fact]
    public void The_tolerance_is_one_second_unless_set()
    {
        _jobs.Schedule<IEmailSender>(x => x.Ping(), Start.AddHours(1).AddMilliseconds(500));

        _jobs.AssertScheduled<IEmailSender>(x => x.Ping(), Start.AddHours(1));
        var error = Assert.Throws<JobAssertionException>(() =>
            _jobs.AssertScheduled<IEmailSender>(x => x.Ping(), new JobMatch { ScheduledAt = Start.AddHours(1), Tolerance = TimeSpan.Zero }));
        Assert.Contains("differs: scheduled for 2025-03-01 10:00:00.5Z, expected 2025-03-01 10:00:00Z", error.Message);
    }

    [Fact]
    public void Fails_when_scheduled_for_another_time_saying_when()
    {
        _jobs.Schedule<IEmailSender>(x => x.SendWelcomeAsync(7, CancellationToken.None), TimeSpan.FromHours(2));

        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertScheduled<IEmailSender>(x => x.SendWelcomeAsync(7, default), TimeSpan.FromHours(1)));

        Assert.Equal(
            """
            Expected IEmailSender.SendWelcomeAsync(7, CancellationToken) to be scheduled 01:00:00 after its creation (within 00:00:01), but no job matched. 1 job was created:
              #1 IEmailSender.SendWelcomeAsync(7, CancellationToken)  queue: default, Scheduled for 2025-03-01 11:00:00Z
                  differs: scheduled 02:00:00 after its creation, expected 01:00:00 (within 00:00:01)
            """.ReplaceLineEndings(), error.Message);
    }

    [Fact]
    public void Fails_for_an_enqueued_job_saying_how_it_was_created()
    {
        _jobs.Enqueue<IEmailSender>(x => x.Ping());

        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertScheduled<IEmailSender>(x => x.Ping()));

        Assert.Contains("differs: it was created Enqueued, not Scheduled", error.Message);
    }

    [Fact]
    public void Static_calls_and_the_message_of_a_job_that_already_ran()
    {
        var calls = new Calls();
        _jobs.Schedule(() => StaticJobs.Log("later"), TimeSpan.FromMinutes(10));
        _clock.Advance(TimeSpan.FromMinutes(10));
        _jobs.RunPending().EnsureAllSucceeded();

        _jobs.AssertScheduled(() => StaticJobs.Log("later"), TimeSpan.FromMinutes(10));
        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertScheduled(() => StaticJobs.Log("later"), new JobMatch { State = JobState.Scheduled }));
        Assert.Contains("#1 StaticJobs.Log(\"later\")  queue: default, Succeeded, was scheduled for 2025-03-01 09:10:00Z", error.Message);
        Assert.Empty(calls.All);
    }
}
