using Ember.Testing.Tests.Support;

namespace Ember.Testing.Tests.Hosting;

// The facades are process-wide: these tests don't run in parallel with each other. (Tests elsewhere don't touch them.)
[Collection(nameof(StaticFacadesTests))]
public class StaticFacadesTests
{
    [Fact]
    public void BackgroundJob_and_RecurringJob_record_in_the_client_of_the_scope()
    {
        var jobs = new TestBackgroundJobClient();
        using (jobs.UseForStaticFacades())
        {
            var id = BackgroundJob.Enqueue<IEmailSender>(x => x.Ping());
            BackgroundJob.Schedule(() => StaticJobs.Log("later"), TimeSpan.FromMinutes(1));
            BackgroundJob.ContinueJobWith<IEmailSender>(id, x => x.SendWelcomeAsync(1, CancellationToken.None));
            RecurringJob.AddOrUpdate("log", () => StaticJobs.Log("tick"), Cron.Minutely());

            jobs.AssertEnqueued<IEmailSender>(x => x.Ping());
            jobs.AssertScheduled(() => StaticJobs.Log("later"), TimeSpan.FromMinutes(1));
            jobs.AssertContinuation<IEmailSender>(id, x => x.SendWelcomeAsync(1, default));
            jobs.AssertRecurring("log", Cron.Minutely());
        }
    }

    [Fact]
    public async Task Parallel_flows_each_see_their_own_client()
    {
        var first = new TestBackgroundJobClient();
        var second = new TestBackgroundJobClient();
        using var bothStarted = new Barrier(2);

        await Task.WhenAll(
            Task.Run(() => EnqueueWith(first, "first", bothStarted)),
            Task.Run(() => EnqueueWith(second, "second", bothStarted)));

        first.AssertEnqueued(() => StaticJobs.Log("first"));
        first.AssertNotEnqueued(() => StaticJobs.Log("second"));
        second.AssertEnqueued(() => StaticJobs.Log("second"));
        Assert.Single(second.Jobs);
    }

    [Fact]
    public void Nested_scopes_restore_the_outer_client_and_outside_any_scope_the_facades_say_how_to_use_them()
    {
        var outer = new TestBackgroundJobClient();
        var inner = new TestBackgroundJobClient();
        using (outer.UseForStaticFacades())
        {
            using (inner.UseForStaticFacades()) BackgroundJob.Enqueue(() => StaticJobs.Log("inner"));
            BackgroundJob.Enqueue(() => StaticJobs.Log("outer"));
        }

        inner.AssertEnqueued(() => StaticJobs.Log("inner"));
        outer.AssertEnqueued(() => StaticJobs.Log("outer"));
        var error = Assert.Throws<InvalidOperationException>(() => BackgroundJob.Enqueue(() => StaticJobs.Log("nowhere")));
        Assert.Contains("UseForStaticFacades()", error.Message);
    }

    [Fact]
    public void Jobs_run_by_RunPending_use_the_facades_of_the_scope()
    {
        var jobs = new TestBackgroundJobClient();
        using var scope = jobs.UseForStaticFacades();
        BackgroundJob.Enqueue(() => FacadeJobs.EnqueueFollowUp(5));

        var summary = jobs.RunPending();

        Assert.Equal(2, summary.Succeeded.Count);
        jobs.AssertEnqueued(() => StaticJobs.Log("follow-up 5"), new() { State = JobState.Succeeded });
    }

    private static void EnqueueWith(TestBackgroundJobClient client, string message, Barrier bothStarted)
    {
        using var scope = client.UseForStaticFacades();
        bothStarted.SignalAndWait(TimeSpan.FromSeconds(10));
        BackgroundJob.Enqueue(() => StaticJobs.Log(message));
    }

    public static class FacadeJobs
    {
        public static void EnqueueFollowUp(int id) => BackgroundJob.Enqueue(() => StaticJobs.Log($"follow-up {id}"));
    }
}

// As docs/testing.md says: xUnit runs a test class's constructor and its test in one flow, so a scope made there holds.
[Collection(nameof(StaticFacadesTests))]
public class StaticFacadesFromConstructorTests
{
    private readonly TestBackgroundJobClient _jobs = new();

    public StaticFacadesFromConstructorTests() => _jobs.UseForStaticFacades();

    [Fact]
    public async Task A_scope_made_in_the_constructor_reaches_the_test()
    {
        await Task.Yield();
        BackgroundJob.Enqueue(() => StaticJobs.Log("from the test"));

        _jobs.AssertEnqueued(() => StaticJobs.Log("from the test"));
    }
}
