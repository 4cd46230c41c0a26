using Ember.Testing.Tests.Support;

namespace Ember.Testing.Tests.Assertions;

public class AssertNotEnqueuedTests
{
    private readonly TestBackgroundJobClient _jobs = new();

    [Fact]
    public void Passes_when_no_job_of_the_call_exists()
    {
        _jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(41, CancellationToken.None));

        _jobs.AssertNotEnqueued<IEmailSender>(x => x.SendWelcomeAsync(42, CancellationToken.None));
        _jobs.AssertNotEnqueued<IEmailSender>(x => x.Ping());
        _jobs.AssertNotEnqueued<IEmailSender>(x => x.SendWelcomeAsync(41, CancellationToken.None), new() { Queue = "critical" });
    }

    [Fact]
    public void Fails_listing_the_jobs_that_matched()
    {
        _jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(41, CancellationToken.None));
        _jobs.Enqueue<IEmailSender>(x => x.Ping());
        _jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(42, CancellationToken.None));

        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertNotEnqueued<IEmailSender>(x => x.SendWelcomeAsync(JobArg.Any<int>(), default)));

        Assert.Equal(
            """
            Expected no job IEmailSender.SendWelcomeAsync(<any>, CancellationToken), but 2 matched:
              #1 IEmailSender.SendWelcomeAsync(41, CancellationToken)  queue: default, Enqueued
              #3 IEmailSender.SendWelcomeAsync(42, CancellationToken)  queue: default, Enqueued
            """.ReplaceLineEndings(), error.Message);
    }

    [Fact]
    public void Counts_scheduled_jobs_and_continuations_too()
    {
        var parent = _jobs.Enqueue<IEmailSender>(x => x.Ping());
        _jobs.Schedule<IEmailSender>(x => x.SendWelcomeAsync(1, CancellationToken.None), TimeSpan.FromMinutes(5));
        _jobs.ContinueJobWith<IEmailSender>(parent, x => x.SendWelcomeAsync(2, CancellationToken.None));

        Assert.Throws<JobAssertionException>(() => _jobs.AssertNotEnqueued<IEmailSender>(x => x.SendWelcomeAsync(1, default)));
        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertNotEnqueued<IEmailSender>(x => x.SendWelcomeAsync(2, default)));
        Assert.Contains("#3 IEmailSender.SendWelcomeAsync(2, CancellationToken)  queue: default, Awaiting, continuation of #1", error.Message);
    }

    [Fact]
    public void AssertNoJobs_passes_on_an_empty_client_and_lists_the_jobs_otherwise()
    {
        _jobs.AssertNoJobs();
        _jobs.Enqueue(() => StaticJobs.Log("hi"));

        var error = Assert.Throws<JobAssertionException>(_jobs.AssertNoJobs);

        Assert.Equal($"Expected no job, but 1 job was created:{Environment.NewLine}  #1 StaticJobs.Log(\"hi\")  queue: default, Enqueued", error.Message);
    }

    [Fact]
    public void FindJobs_returns_the_matching_jobs_however_they_were_created()
    {
        var parent = _jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(1, CancellationToken.None));
        _jobs.Schedule<IEmailSender>(x => x.SendWelcomeAsync(2, CancellationToken.None), TimeSpan.FromMinutes(5));
        _jobs.ContinueJobWith<IEmailSender>(parent, x => x.SendWelcomeAsync(3, CancellationToken.None));

        var found = _jobs.FindJobs<IEmailSender>(x => x.SendWelcomeAsync(JobArg.Is<int>(id => id > 1), default));

        Assert.Equal([JobState.Scheduled, JobState.Awaiting], found.Select(j => j.CreatedAs));
        Assert.Single(_jobs.FindJobs<IEmailSender>(x => x.SendWelcomeAsync(JobArg.Any<int>(), default), new() { State = JobState.Enqueued }));
    }
}
