using Ember.Storage;
using Ember.Testing.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Testing.Tests.Running;

public class RunPendingTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly ServiceProvider _services = TestServices.Create();
    private Calls Calls => _services.GetRequiredService<Calls>();

    private TestBackgroundJobClient Client(Action<EmberTestingOptions>? configure = null)
    {
        var options = new EmberTestingOptions { TimeProvider = _clock, Services = _services };
        configure?.Invoke(options);
        return new TestBackgroundJobClient(options);
    }

    [Fact]
    public async Task Runs_the_pending_jobs_oldest_first_with_targets_from_the_services_and_reports_them()
    {
        var jobs = Client();
        jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(1, CancellationToken.None));
        jobs.Enqueue<IEmailSender>("critical", x => x.SendReceiptAsync(new Order(2, "ada", 5m), "plain"));
        jobs.Enqueue<IEmailSender>(x => x.Ping());
        Assert.Empty(Calls.All);

        var summary = await jobs.RunPendingAsync();

        Assert.Equal(["welcome 1", "receipt 2 plain", "ping"], Calls.All);
        Assert.Equal(3, summary.Succeeded.Count);
        Assert.Empty(summary.Failed);
        Assert.Equal(["#1 IEmailSender.SendWelcomeAsync(1, CancellationToken) -> Succeeded", "#2 IEmailSender.SendReceiptAsync({\"Id\":2,\"Customer\":\"ada\",\"Total\":5}, \"plain\") -> Succeeded", "#3 IEmailSender.Ping() -> Succeeded"],
            summary.Runs.Select(r => r.ToString()));
        Assert.All(jobs.Jobs, j => Assert.Equal(JobState.Succeeded, j.State));
        jobs.AssertEnqueued<IEmailSender>(x => x.Ping(), new() { State = JobState.Succeeded });
        Assert.Empty((await jobs.RunPendingAsync()).Runs);
    }

    [Fact]
    public void Without_services_jobs_are_created_with_their_parameterless_constructor()
    {
        var jobs = new TestBackgroundJobClient();
        jobs.Enqueue<Counter>(x => x.Increment());

        var run = Assert.Single(jobs.RunPending().Succeeded);

        Assert.Equal(typeof(Counter), run.Job!.Type);
    }

    [Fact]
    public void A_succeeded_parent_releases_its_continuations_which_run_in_the_same_call()
    {
        var jobs = Client();
        var parent = jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(1, CancellationToken.None));
        var child = jobs.ContinueJobWith<IEmailSender>(parent, x => x.SendReceiptAsync(new Order(1, "ada", 1m), "after"));
        jobs.ContinueJobWith<IEmailSender>(child, x => x.Ping());
        jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(2, CancellationToken.None));

        var summary = jobs.RunPending();

        // Oldest job first, by creation: the continuations were created before "welcome 2".
        Assert.Equal(["welcome 1", "receipt 1 after", "ping", "welcome 2"], Calls.All);
        Assert.Equal(4, summary.Succeeded.Count);
    }

    [Fact]
    public void A_failed_parent_deletes_the_continuations_that_need_success_and_runs_those_on_any_finished_state()
    {
        var jobs = Client();
        var parent = jobs.Enqueue<FailingJob>(x => x.FailOnce("boom"));
        var onSuccess = jobs.ContinueJobWith<IEmailSender>(parent, x => x.SendWelcomeAsync(1, CancellationToken.None));
        var onAny = jobs.ContinueJobWith<IEmailSender>(parent, x => x.Ping(), JobContinuationOptions.OnAnyFinishedState);

        var summary = jobs.RunPending();

        Assert.Equal(["fail boom", "ping"], Calls.All);
        var failed = Assert.Single(summary.Failed);
        Assert.Equal(JobState.Failed, failed.Outcome);
        Assert.IsType<InvalidOperationException>(failed.Exception);
        Assert.Equal("boom", failed.Exception!.Message);
        Assert.Equal(JobState.Deleted, jobs.GetJob(onSuccess)!.State);
        Assert.Equal(JobState.Succeeded, jobs.GetJob(onAny)!.State);
        Assert.Equal(JobState.Failed, jobs.GetJob(parent)!.State);
    }

    [Fact]
    public void Scheduled_jobs_run_once_the_fake_clock_passes_their_time()
    {
        var jobs = Client();
        jobs.Schedule<IEmailSender>(x => x.SendWelcomeAsync(1, CancellationToken.None), TimeSpan.FromHours(1));
        jobs.Schedule<IEmailSender>(x => x.SendWelcomeAsync(2, CancellationToken.None), Start.AddHours(2));

        Assert.Empty(jobs.RunPending().Runs);
        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Empty(jobs.RunPending().Runs);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(jobs.RunPending().Runs);
        Assert.Equal(["welcome 1"], Calls.All);
        _clock.Advance(TimeSpan.FromHours(5));
        Assert.Single(jobs.RunPending().Runs);

        Assert.Equal(["welcome 1", "welcome 2"], Calls.All);
    }

    [Fact]
    public void A_failing_job_is_retried_as_its_retry_policy_says_when_the_clock_reaches_each_retry()
    {
        var jobs = Client();
        var id = jobs.Enqueue<FailingJob>(x => x.FailTwiceThenSucceed());

        var first = Assert.Single(jobs.RunPending().Runs);
        Assert.True(first.Failed);
        Assert.Equal(JobState.Scheduled, first.Outcome);
        Assert.StartsWith("Retry 1 of 2 in 60 s", first.Reason);
        Assert.Contains("Scheduled for 2025-03-01 09:01:00Z (Retry 1 of 2 in 60 s after System.InvalidOperationException: not yet)", jobs.GetJob(id)!.ToString());

        _clock.Advance(TimeSpan.FromSeconds(60));
        var second = Assert.Single(jobs.RunPending().Runs);
        Assert.Equal(2, second.Attempt);
        Assert.True(second.Failed);

        _clock.Advance(TimeSpan.FromSeconds(60));
        var third = Assert.Single(jobs.RunPending().Succeeded);
        Assert.Equal(3, third.Attempt);
        Assert.Equal(JobState.Succeeded, jobs.GetJob(id)!.State);
    }

    [Fact]
    public void Ember_options_from_the_test_set_the_retry_policy()
    {
        var options = new EmberOptions();
        options.Retry.Attempts = 0;
        var jobs = Client(o => o.EmberOptions = options);
        jobs.Enqueue<FailingJob>(x => x.FailWithRetries());

        var run = Assert.Single(jobs.RunPending().Failed);

        Assert.Equal(JobState.Failed, run.Outcome);
        Assert.IsType<TimeoutException>(run.Exception);
    }

    [Fact]
    public void RethrowJobExceptions_stops_at_the_first_failure_and_throws_its_exception_once_the_outcome_is_stored()
    {
        var jobs = Client(o => o.RethrowJobExceptions = true);
        var failing = jobs.Enqueue<FailingJob>(x => x.FailOnce("first"));
        var next = jobs.Enqueue<IEmailSender>(x => x.Ping());

        var error = Assert.Throws<InvalidOperationException>(() => jobs.RunPending());

        Assert.Equal("first", error.Message);
        Assert.Contains(nameof(FailingJob.FailOnce), error.StackTrace);
        Assert.Equal(JobState.Failed, jobs.GetJob(failing)!.State);
        Assert.Equal(JobState.Enqueued, jobs.GetJob(next)!.State);
    }

    [Fact]
    public void EnsureAllSucceeded_lists_the_failed_runs()
    {
        var jobs = Client();
        jobs.Enqueue<FailingJob>(x => x.FailOnce("broken"));
        jobs.Enqueue<IEmailSender>(x => x.Ping());

        var summary = jobs.RunPending();
        var error = Assert.Throws<JobAssertionException>(() => summary.EnsureAllSucceeded());

        Assert.Equal($"1 of 2 job runs failed:{Environment.NewLine}  #1 FailingJob.FailOnce(\"broken\") -> Failed after System.InvalidOperationException: broken{Environment.NewLine}  #2 IEmailSender.Ping() -> Succeeded", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task A_job_that_can_not_be_loaded_fails_with_a_JobLoadException()
    {
        var jobs = Client();
        await jobs.Store.CreateJobsAsync(new CreateJobsRequest([new NewJob
        {
            Invocation = """{"type":"Gone.Job, Gone","method":"Run","parameterTypes":[],"arguments":[]}""", Queue = "default", State = JobState.Enqueued,
        }]));

        var run = Assert.Single((await jobs.RunPendingAsync()).Failed);

        Assert.IsType<JobLoadException>(run.Exception);
        Assert.Contains("Gone.Job", run.Exception!.Message);
        Assert.Null(run.Job);
        Assert.Equal(JobState.Failed, run.Outcome);
    }

    [Fact]
    public void Jobs_created_by_running_jobs_run_in_the_same_call()
    {
        using var services = TestServices.Create(s => s.AddTransient<Signup>().AddEmberTesting(o => o.TimeProvider = _clock));
        var jobs = services.GetRequiredService<TestBackgroundJobClient>();
        jobs.Enqueue<Signup>(x => x.RegisterAsync(7));

        var summary = jobs.RunPending();

        Assert.Equal(["register 7", "welcome 7", "receipt 7 first"], services.GetRequiredService<Calls>().All);
        Assert.Equal(3, summary.Succeeded.Count);
        var welcome = jobs.AssertEnqueued<IEmailSender>(x => x.SendWelcomeAsync(7, default), new() { State = JobState.Succeeded });
        jobs.AssertContinuation<IEmailSender>(welcome.Id, x => x.SendReceiptAsync(JobArg.Is<Order>(o => o.Id == 7), "first"));
    }

    [Fact]
    public void A_job_that_enqueues_itself_stops_at_MaxRunsPerCall()
    {
        using var services = TestServices.Create(s => s.AddTransient<Signup>().AddEmberTesting(o => o.MaxRunsPerCall = 5));
        var jobs = services.GetRequiredService<TestBackgroundJobClient>();
        jobs.Enqueue<Signup>(x => x.Loop());

        var error = Assert.Throws<InvalidOperationException>(() => jobs.RunPending());

        Assert.StartsWith("RunPending ran 5 jobs and more are still pending: a job probably enqueues itself", error.Message);
        Assert.Contains("#5 Signup.Loop() -> Succeeded", error.Message);
    }

    [Fact]
    public async Task RunPending_with_queues_runs_only_those()
    {
        var jobs = Client();
        jobs.Enqueue<Reports>(x => x.Build(new DateOnly(2025, 1, 1)));
        jobs.Enqueue<Reports>(x => x.BuildUrgent(new DateOnly(2025, 1, 2)));
        jobs.Enqueue<IEmailSender>(x => x.Ping());

        Assert.Single(jobs.RunPending("critical").Runs);
        Assert.Equal(["urgent report 2025-01-02"], Calls.All);
        Assert.Equal(2, (await jobs.RunPendingAsync(["reports", "default"])).Runs.Count);
    }

    [Fact]
    public void Server_filters_of_the_job_and_global_filters_from_the_options_run_as_on_a_server()
    {
        var global = new RecordingFilter();
        var options = new EmberOptions();
        options.Filters.Add(global);
        var jobs = Client(o => o.EmberOptions = options);
        FilteredJob.Events.Value = [];
        jobs.Enqueue<FilteredJob>(x => x.Run());

        jobs.RunPending().EnsureAllSucceeded();

        Assert.Equal(["applied Enqueued", "performing", "performed", "applied Succeeded"], global.Events);
        Assert.Equal(["attribute performing FilteredJob.Run", "run", "attribute performed"], FilteredJob.Events.Value);
    }

    [Fact]
    public void Inline_mode_runs_each_job_as_it_is_enqueued_and_jobs_enqueued_by_jobs_too()
    {
        using var services = TestServices.Create(s => s.AddTransient<Signup>().AddEmberTesting(o => o.Mode = EmberTestingMode.Inline));
        var jobs = services.GetRequiredService<TestBackgroundJobClient>();
        var calls = services.GetRequiredService<Calls>();

        jobs.Enqueue<IEmailSender>(x => x.Ping());
        Assert.Equal(["ping"], calls.All);
        jobs.Enqueue<Signup>(x => x.RegisterAsync(3));
        Assert.Equal(["ping", "register 3", "welcome 3", "receipt 3 first"], calls.All);
        jobs.Schedule<IEmailSender>(x => x.Ping(), TimeSpan.FromDays(1));

        Assert.Equal(JobState.Scheduled, jobs.Jobs[^1].State);
        Assert.All(jobs.Jobs.SkipLast(1), j => Assert.Equal(JobState.Succeeded, j.State));
    }

    [Fact]
    public void Inline_mode_runs_the_continuations_a_deleted_parent_releases()
    {
        var jobs = Client(o => o.Mode = EmberTestingMode.Inline);
        var parent = jobs.Schedule<IEmailSender>(x => x.SendWelcomeAsync(1, CancellationToken.None), TimeSpan.FromHours(1));
        var onSuccess = jobs.ContinueJobWith<IEmailSender>(parent, x => x.SendWelcomeAsync(2, CancellationToken.None));
        jobs.ContinueJobWith<IEmailSender>(parent, x => x.Ping(), JobContinuationOptions.OnAnyFinishedState);
        Assert.Empty(Calls.All);

        Assert.True(jobs.Delete(parent));

        Assert.Equal(["ping"], Calls.All);
        Assert.Equal(JobState.Deleted, jobs.GetJob(onSuccess)!.State);
    }

    [Fact]
    public void Inline_mode_with_RethrowJobExceptions_throws_from_the_enqueue()
    {
        var jobs = Client(o => (o.Mode, o.RethrowJobExceptions) = (EmberTestingMode.Inline, true));

        var error = Assert.Throws<InvalidOperationException>(() => jobs.Enqueue<FailingJob>(x => x.FailOnce("at once")));

        Assert.Equal("at once", error.Message);
    }

    [Fact]
    public void FireDueRecurringJobs_fires_recurring_jobs_whose_occurrence_the_clock_passed()
    {
        var jobs = Client(o => o.FireDueRecurringJobs = true);
        jobs.AddOrUpdate<IEmailSender>("ping", x => x.Ping(), Cron.Hourly());

        Assert.Empty(jobs.RunPending().Runs);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Single(jobs.RunPending().Succeeded);
        _clock.Advance(TimeSpan.FromHours(3));
        Assert.Single(jobs.RunPending().Succeeded); // missed occurrences run once (MisfireHandlingMode.RunOnce)

        Assert.Equal(["ping", "ping"], Calls.All);
        Assert.Equal(2, jobs.FindJobs<IEmailSender>(x => x.Ping()).Count);
    }

    [Fact]
    public void Recurring_jobs_do_not_fire_by_default_but_Trigger_runs_one_now()
    {
        var jobs = Client();
        jobs.AddOrUpdate<IEmailSender>("ping", x => x.Ping(), Cron.Hourly());
        _clock.Advance(TimeSpan.FromHours(2));

        Assert.Empty(jobs.RunPending().Runs);
        jobs.Trigger("ping");
        Assert.Single(jobs.RunPending().Succeeded);
    }

    [Fact]
    public async Task Cancelling_the_call_hands_the_running_job_back_to_its_queue()
    {
        var jobs = Client();
        using var cancellation = new CancellationTokenSource();
        jobs.Enqueue<Waiter>(x => x.WaitAsync(CancellationToken.None));
        Waiter.Started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = jobs.RunPendingAsync(cancellation.Token);
        await Waiter.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(JobState.Enqueued, jobs.Jobs[0].State);
    }

    public sealed class Counter
    {
        public int Count { get; private set; }

        public void Increment() => Count++;
    }

    public sealed class Waiter
    {
        public static TaskCompletionSource Started { get; set; } = new();

        public async Task WaitAsync(CancellationToken token)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        }
    }

    public sealed class RecordingFilter : IServerFilter, IApplyStateFilter
    {
        public List<string> Events { get; } = [];

        public ValueTask OnPerformingAsync(PerformingContext context)
        {
            Events.Add("performing");
            return default;
        }

        public ValueTask OnPerformedAsync(PerformedContext context)
        {
            Events.Add("performed");
            return default;
        }

        public ValueTask OnStateAppliedAsync(ApplyStateContext context)
        {
            Events.Add($"applied {context.NewState.State}");
            return default;
        }
    }

    public sealed class AttributeFilter : JobFilterAttribute, IServerFilter
    {
        public ValueTask OnPerformingAsync(PerformingContext context)
        {
            FilteredJob.Events.Value!.Add($"attribute performing {context.Job}");
            return default;
        }

        public ValueTask OnPerformedAsync(PerformedContext context)
        {
            FilteredJob.Events.Value!.Add("attribute performed");
            return default;
        }
    }

    public sealed class FilteredJob
    {
        public static readonly AsyncLocal<List<string>> Events = new();

        [AttributeFilter]
        public void Run() => Events.Value!.Add("run");
    }
}
