using Ember.Testing.Tests.Support;

namespace Ember.Testing.Tests.Assertions;

public class AssertEnqueuedTests
{
    private readonly TestBackgroundJobClient _jobs = new();

    [Fact]
    public void Passes_for_an_enqueued_call_with_the_same_arguments_and_returns_the_job()
    {
        var id = _jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(42, CancellationToken.None));

        var job = _jobs.AssertEnqueued<IEmailSender>(x => x.SendWelcomeAsync(42, CancellationToken.None));

        Assert.Equal(id, job.Id);
        Assert.Equal(JobState.Enqueued, job.State);
        Assert.Equal(JobState.Enqueued, job.CreatedAs);
        Assert.Equal("default", job.Queue);
        Assert.Equal(42, job.GetArgument<int>(0));
        Assert.Equal(typeof(IEmailSender), job.Job!.Type);
    }

    [Fact]
    public void Compares_arguments_by_their_json_so_records_match_by_value()
    {
        _jobs.Enqueue<IEmailSender>(x => x.SendReceiptAsync(new Order(7, "ada", 12.5m), "plain"));

        _jobs.AssertEnqueued<IEmailSender>(x => x.SendReceiptAsync(new Order(7, "ada", 12.5m), "plain"));
        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertEnqueued<IEmailSender>(x => x.SendReceiptAsync(new Order(7, "bob", 12.5m), "plain")));
        Assert.Contains("argument 'order' was {\"Id\":7,\"Customer\":\"ada\",\"Total\":12.5}, expected {\"Id\":7,\"Customer\":\"bob\",\"Total\":12.5}", error.Message);
    }

    [Fact]
    public void Evaluates_captured_variables_and_expressions_in_the_expected_call()
    {
        var userId = 40;
        _jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(userId + 2, CancellationToken.None));

        _jobs.AssertEnqueued<IEmailSender>(x => x.SendWelcomeAsync(userId + 2, default));
    }

    [Fact]
    public void JobArg_Any_matches_any_value_and_JobArg_Is_a_condition_on_the_value_the_job_receives()
    {
        _jobs.Enqueue<IEmailSender>(x => x.SendReceiptAsync(new Order(7, "ada", 12.5m), "plain"));

        _jobs.AssertEnqueued<IEmailSender>(x => x.SendReceiptAsync(JobArg.Any<Order>(), "plain"));
        _jobs.AssertEnqueued<IEmailSender>(x => x.SendReceiptAsync(JobArg.Is<Order>(o => o.Total > 10 && o.Customer == "ada"), JobArg.Any<string>()));
        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertEnqueued<IEmailSender>(x => x.SendReceiptAsync(JobArg.Is<Order>(o => o.Total > 100), JobArg.Any<string>())));
        Assert.Contains("expected <o => (o.Total > 100)>", error.Message);
        Assert.Contains("IEmailSender.SendReceiptAsync(<o => (o.Total > 100)>, <any>)", error.Message);
    }

    [Fact]
    public void JobArg_called_outside_an_assertion_says_where_it_belongs()
    {
        var error = Assert.Throws<ArgumentException>(() => _jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(JobArg.Any<int>(), CancellationToken.None)));

        Assert.Contains("marks a whole argument of an assertion", error.InnerException!.Message);
    }

    [Fact]
    public void Fails_with_a_message_that_lists_every_job_with_its_arguments_queue_and_state()
    {
        _jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(41, CancellationToken.None));
        _jobs.Enqueue<Reports>(x => x.Build(new DateOnly(2025, 3, 1)));
        _jobs.Enqueue<IEmailSender>(x => x.Ping());

        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertEnqueued<IEmailSender>(x => x.SendWelcomeAsync(42, CancellationToken.None)));

        Assert.Equal(
            """
            Expected IEmailSender.SendWelcomeAsync(42, CancellationToken) to be enqueued, but no job matched. 3 jobs were created:
              #1 IEmailSender.SendWelcomeAsync(41, CancellationToken)  queue: default, Enqueued
                  differs: argument 'userId' was 41, expected 42
              #2 Reports.Build("2025-03-01")  queue: reports, Enqueued
              #3 IEmailSender.Ping()  queue: default, Enqueued
            """.ReplaceLineEndings(), error.Message);
    }

    [Fact]
    public void Fails_saying_no_job_was_created_when_there_is_none()
    {
        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertEnqueued<IEmailSender>(x => x.Ping()));

        Assert.Equal("Expected IEmailSender.Ping() to be enqueued, but no job was created at all.", error.Message);
    }

    [Fact]
    public void Queue_and_state_conditions_narrow_the_match_and_show_in_the_message()
    {
        _jobs.Enqueue<Reports>(x => x.Build(new DateOnly(2025, 3, 1)));
        _jobs.Enqueue<Reports>("critical", x => x.Build(new DateOnly(2025, 3, 2)));

        _jobs.AssertEnqueued<Reports>(x => x.Build(new DateOnly(2025, 3, 1)), new() { Queue = "reports", State = JobState.Enqueued });
        _jobs.AssertEnqueued<Reports>(x => x.Build(JobArg.Any<DateOnly>()), new() { Queue = "critical" });
        var error = Assert.Throws<JobAssertionException>(() =>
            _jobs.AssertEnqueued<Reports>(x => x.Build(new DateOnly(2025, 3, 1)), new() { Queue = "critical", State = JobState.Succeeded }));

        Assert.StartsWith("Expected Reports.Build(\"2025-03-01\") to be enqueued on queue \"critical\", now Succeeded, but no job matched.", error.Message);
        Assert.Contains("differs: queue is \"reports\", expected \"critical\"; state is Enqueued, expected Succeeded", error.Message);
        Assert.Contains("differs: argument 'day' was \"2025-03-02\", expected \"2025-03-01\"; state is Enqueued, expected Succeeded", error.Message);
    }

    [Fact]
    public void A_scheduled_job_is_not_an_enqueued_one_and_the_message_says_how_it_was_created()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var jobs = new TestBackgroundJobClient(clock);
        jobs.Schedule<IEmailSender>(x => x.Ping(), TimeSpan.FromHours(1));

        var error = Assert.Throws<JobAssertionException>(() => jobs.AssertEnqueued<IEmailSender>(x => x.Ping()));

        Assert.Contains("#1 IEmailSender.Ping()  queue: default, Scheduled for 2025-03-01 10:00:00Z", error.Message);
        Assert.Contains("differs: it was created Scheduled, not Enqueued", error.Message);
    }

    [Fact]
    public void Matches_a_job_enqueued_on_an_implementation_when_asserting_on_its_interface()
    {
        _jobs.Enqueue<EmailSender>(x => x.Ping());

        _jobs.AssertEnqueued<IEmailSender>(x => x.Ping());
        _jobs.AssertEnqueued<EmailSender>(x => x.Ping());
    }

    [Fact]
    public void Static_method_calls_and_queue_attributes()
    {
        _jobs.Enqueue(() => StaticJobs.Log("hello"));
        _jobs.Enqueue<Reports>(x => x.BuildUrgent(new DateOnly(2025, 1, 1)));

        _jobs.AssertEnqueued(() => StaticJobs.Log("hello"));
        Assert.Throws<JobAssertionException>(() => _jobs.AssertEnqueued(() => StaticJobs.Log("bye")));
        Assert.Equal("critical", _jobs.AssertEnqueued<Reports>(x => x.BuildUrgent(JobArg.Any<DateOnly>())).Queue);
    }

    [Fact]
    public void A_call_on_an_instance_runs_on_its_static_type_as_the_client_does_and_conversions_around_JobArg_are_fine()
    {
        var sender = new EmailSender(new Calls());
        _jobs.Enqueue(() => sender.Ping());
        _jobs.Enqueue<WideningJob>(x => x.TakeLong(5));

        Assert.Equal(typeof(EmailSender), _jobs.AssertEnqueued<EmailSender>(x => x.Ping()).Job!.Type);
        _jobs.AssertEnqueued(() => sender.Ping());
        _jobs.AssertEnqueued<WideningJob>(x => x.TakeLong(JobArg.Any<int>()));
        _jobs.AssertEnqueued<WideningJob>(x => x.TakeLong(JobArg.Is<int>(i => i == 5)));
        _jobs.AssertEnqueued<WideningJob>(x => x.TakeLong(5));
        _jobs.AssertNotEnqueued<WideningJob>(x => x.TakeLong(6));
        Assert.Single(_jobs.FindJobs<WideningJob>(x => x.TakeLong(JobArg.Any<long>())));
    }

    [Fact]
    public void ValueTask_methods_have_an_overload_for_every_assertion()
    {
        var parent = _jobs.Enqueue<WideningJob>(x => x.TakeLong(1));
        _jobs.Schedule<WideningJob>(x => x.TakeLong(2), TimeSpan.FromMinutes(1));
        _jobs.ContinueJobWith<WideningJob>(parent, x => x.TakeLong(3));
        _jobs.AddOrUpdate<WideningJob>("take", x => x.TakeLong(4), Cron.Daily());

        _jobs.AssertScheduled<WideningJob>(x => x.TakeLong(2));
        _jobs.AssertScheduled<WideningJob>(x => x.TakeLong(2), TimeSpan.FromMinutes(1));
        _jobs.AssertContinuation<WideningJob>(parent, x => x.TakeLong(3));
        _jobs.AssertRecurring<WideningJob>("take", x => x.TakeLong(4), Cron.Daily());
        Assert.Throws<JobAssertionException>(() => _jobs.AssertScheduled<WideningJob>(x => x.TakeLong(1)));
    }

    public sealed class WideningJob
    {
        public ValueTask TakeLong(long value) => ValueTask.CompletedTask;
    }

    [Fact]
    public void An_assertion_expression_that_is_not_a_method_call_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => _jobs.AssertEnqueued<Order>(x => new Order(1, "a", 1m)));
        Assert.Contains("method call", error.Message);
        error = Assert.Throws<ArgumentException>(() => _jobs.AssertEnqueued<Order>(x => x.Customer.Trim()));
        Assert.Contains("Call the method on the lambda's parameter", error.Message);
        error = Assert.Throws<ArgumentException>(() => _jobs.AssertEnqueued<IEmailSender>(x => x.SendWelcomeAsync(x.GetHashCode(), default)));
        Assert.Contains("the lambda's parameter can't be used in an argument", error.Message);
    }

    [Fact]
    public void The_message_lists_at_most_fifty_jobs()
    {
        for (var i = 0; i < 60; i++) _jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(i, CancellationToken.None));

        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertEnqueued<IEmailSender>(x => x.Ping()));

        Assert.Contains("60 jobs were created:", error.Message);
        Assert.Contains("#50 IEmailSender.SendWelcomeAsync(49, CancellationToken)", error.Message);
        Assert.DoesNotContain("#51 ", error.Message);
        Assert.EndsWith("... and 10 more", error.Message);
    }
}
