using Ember.Server;
using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Control;

public class JobControlTests
{
    [Fact]
    public async Task JobTimeout_on_the_method_cancels_a_run_the_server_would_let_run_forever()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.JobTimeout = null);
        var key = Signals.NewKey();

        var id = await harness.Client.EnqueueAsync(() => ControlJobs.WaitWithTimeoutAsync(key, CancellationToken.None));

        var job = await harness.WaitForStateAsync(id, JobState.Failed);
        Assert.Equal(typeof(TimeoutException).FullName, job.LastError!.Type);
        Assert.Contains("timeout of 00:00:01", job.LastError.Message, StringComparison.Ordinal);
        Assert.Equal(1, Signals.Count(key + ":cancelled"));
    }

    [Fact]
    public async Task EnqueueOptions_Timeout_overrides_the_method_and_the_server()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.JobTimeout = TimeSpan.FromHours(1));
        var key = Signals.NewKey();

        var result = await harness.Client.EnqueueAsync(() => ControlJobs.WaitLongAsync(key, CancellationToken.None), new EnqueueOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        var job = await harness.WaitForStateAsync(result.JobId, JobState.Failed);
        Assert.Equal(typeof(TimeoutException).FullName, job.LastError!.Type);
        Assert.Equal("0.3", job.Parameters[JobTimeouts.Parameter]);
    }

    [Fact]
    public void A_run_takes_the_enqueue_timeout_then_the_attribute_then_the_server_default()
    {
        var withAttribute = Job.FromExpression(() => ControlJobs.WaitLongAsync("k", CancellationToken.None));
        var without = Job.FromExpression(() => TestJobs.Record("k"));
        var fromEnqueue = new Dictionary<string, string> { [JobTimeouts.Parameter] = "2.5" };

        Assert.Equal(TimeSpan.FromSeconds(2.5), JobTimeouts.For(withAttribute, fromEnqueue, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromSeconds(600), JobTimeouts.For(withAttribute, null, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(1), JobTimeouts.For(without, new Dictionary<string, string> { [JobTimeouts.Parameter] = "not a number" }, TimeSpan.FromMinutes(1)));
        Assert.Null(JobTimeouts.For(without, null, null));
    }

    [Fact]
    public async Task Bad_timeouts_are_refused_where_they_are_given()
    {
        var client = new BackgroundJobClient(new Ember.InMemory.InMemoryJobStore());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.EnqueueAsync(() => TestJobs.Record("k"), new EnqueueOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JobTimeoutAttribute(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnoozeJobException(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task A_snoozed_job_runs_again_later_without_spending_a_retry()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        // No retries allowed: two snoozes would fail the job if they counted as failures.
        var id = await harness.Client.EnqueueAsync(() => ControlJobs.SnoozeTwice(key, null));

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(3, Signals.Count(key));
        var snoozes = (await harness.DetailsAsync(id)).History.Where(h => h.Kind == HistoryKind.Snoozed).ToList();
        Assert.Equal(2, snoozes.Count);
        Assert.All(snoozes, s => Assert.Equal(JobState.Scheduled, s.State));
        Assert.All(snoozes, s => Assert.Null(s.Error));
        Assert.Equal("waiting for the report", snoozes[0].Reason);
    }

    [Fact]
    public async Task A_job_that_cancels_itself_ends_Deleted_with_its_reason_and_no_retry()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        var fromContext = await harness.Client.EnqueueAsync(() => ControlJobs.CancelThroughContext(key, null));
        var thrown = await harness.Client.EnqueueAsync(() => ControlJobs.CancelByThrowing(key));

        foreach (var id in new[] { fromContext, thrown })
        {
            var job = await harness.WaitForStateAsync(id, JobState.Deleted);
            var last = (await harness.DetailsAsync(id)).History[^1];
            Assert.Equal(HistoryKind.CancelledByJob, last.Kind);
            Assert.Equal("the order was withdrawn", last.Reason);
            Assert.NotNull(job.ExpireAt);
        }
        Assert.Equal(2, Signals.Count(key));
    }
}

public static class ControlJobs
{
    [JobTimeout(1)]
    [AutomaticRetry(Attempts = 0)]
    public static Task WaitWithTimeoutAsync(string key, CancellationToken token) => TestJobs.WaitForCancellationAsync(key, token);

    [JobTimeout(600)]
    [AutomaticRetry(Attempts = 0)]
    public static Task WaitLongAsync(string key, CancellationToken token) => TestJobs.WaitForCancellationAsync(key, token);

    [AutomaticRetry(Attempts = 0)]
    public static void SnoozeTwice(string key, PerformContext? context)
    {
        if (Signals.Hit(key) <= 2) context!.Snooze(TimeSpan.FromMilliseconds(100), "waiting for the report");
    }

    public static void CancelThroughContext(string key, PerformContext? context)
    {
        Signals.Hit(key);
        context!.Cancel("the order was withdrawn");
    }

    public static void CancelByThrowing(string key)
    {
        Signals.Hit(key);
        throw new CancelJobException("the order was withdrawn");
    }
}
