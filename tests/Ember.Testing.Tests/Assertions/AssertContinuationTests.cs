using Ember.Testing.Tests.Support;

namespace Ember.Testing.Tests.Assertions;

public class AssertContinuationTests
{
    private readonly TestBackgroundJobClient _jobs = new();

    [Fact]
    public void Passes_for_a_continuation_of_the_parent_and_returns_it()
    {
        var parent = _jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(1, CancellationToken.None));
        var id = _jobs.ContinueJobWith<IEmailSender>(parent, x => x.SendReceiptAsync(new Order(1, "ada", 3m), "plain"), JobContinuationOptions.OnAnyFinishedState);

        var job = _jobs.AssertContinuation<IEmailSender>(parent, x => x.SendReceiptAsync(JobArg.Any<Order>(), "plain"));
        _jobs.AssertContinuation<IEmailSender>(parent, x => x.SendReceiptAsync(JobArg.Any<Order>(), "plain"), new() { ContinuationOptions = JobContinuationOptions.OnAnyFinishedState, State = JobState.Awaiting });

        Assert.Equal(id, job.Id);
        Assert.Equal(parent, job.ParentId);
        Assert.Equal(JobState.Awaiting, job.CreatedAs);
        Assert.EndsWith("queue: default, Awaiting, continuation of #1 (OnAnyFinishedState)", job.ToString());
    }

    [Fact]
    public void Fails_for_another_parent_or_options_saying_which()
    {
        var first = _jobs.Enqueue<IEmailSender>(x => x.Ping());
        var second = _jobs.Enqueue<IEmailSender>(x => x.Ping());
        _jobs.ContinueJobWith<IEmailSender>(first, x => x.SendWelcomeAsync(5, CancellationToken.None));

        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertContinuation<IEmailSender>(second, x => x.SendWelcomeAsync(5, default)));
        Assert.Equal(
            """
            Expected IEmailSender.SendWelcomeAsync(5, CancellationToken) to be added as a continuation of #2, but no job matched. 3 jobs were created:
              #1 IEmailSender.Ping()  queue: default, Enqueued
              #2 IEmailSender.Ping()  queue: default, Enqueued
              #3 IEmailSender.SendWelcomeAsync(5, CancellationToken)  queue: default, Awaiting, continuation of #1
                  differs: it continues #1, not #2
            """.ReplaceLineEndings(), error.Message);

        error = Assert.Throws<JobAssertionException>(() =>
            _jobs.AssertContinuation<IEmailSender>(first, x => x.SendWelcomeAsync(5, default), new() { ContinuationOptions = JobContinuationOptions.OnAnyFinishedState }));
        Assert.Contains("differs: it runs OnlyOnSucceededState, expected OnAnyFinishedState", error.Message);
    }

    [Fact]
    public void A_plain_enqueue_is_not_a_continuation()
    {
        var parent = _jobs.Enqueue<IEmailSender>(x => x.Ping());
        _jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(5, CancellationToken.None));

        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertContinuation<IEmailSender>(parent, x => x.SendWelcomeAsync(5, default)));

        Assert.Contains("differs: it was created Enqueued, not as a continuation", error.Message);
    }

    [Fact]
    public void A_continuation_of_a_finished_parent_is_released_at_once_and_still_asserted_as_a_continuation()
    {
        var parent = _jobs.Enqueue(() => StaticJobs.Log("parent"));
        _jobs.RunPending();
        _jobs.ContinueJobWith(parent, () => StaticJobs.Log("child"));

        var child = _jobs.AssertContinuation(parent, () => StaticJobs.Log("child"));

        Assert.Equal(JobState.Enqueued, child.State);
    }
}
