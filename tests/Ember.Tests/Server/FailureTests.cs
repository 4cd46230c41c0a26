using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Server;

public class FailureTests
{
    [Fact]
    public async Task Failing_job_is_retried_until_it_succeeds_with_attempt_and_last_error_visible()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        var id = harness.Client.Enqueue(() => TestJobs.FailTimes(key, 2));

        var job = await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(3, job.Attempt);
        Assert.Equal("Planned failure 2", job.LastError!.Message);
        var states = (await harness.DetailsAsync(id)).History.Select(h => h.State);
        Assert.Equal([JobState.Enqueued, JobState.Processing, JobState.Scheduled, JobState.Enqueued, JobState.Processing, JobState.Scheduled, JobState.Enqueued, JobState.Processing, JobState.Succeeded], states);
    }

    [Fact]
    public async Task Job_out_of_retries_is_failed_with_its_exception()
    {
        await using var harness = await ServerHarness.StartAsync();
        var id = harness.Client.Enqueue(() => TestJobs.FailAlways(Signals.NewKey()));

        var job = await harness.WaitForStateAsync(id, JobState.Failed);

        Assert.Equal(typeof(InvalidOperationException).FullName, job.LastError!.Type);
        Assert.Contains("at Ember.Tests.Support.TestJobs.FailAlways", job.LastError.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Reflection", job.LastError.Details, StringComparison.Ordinal);
        Assert.Null(job.ExpireAt);
    }

    [Fact]
    public async Task Task_faulted_synchronously_fails_the_job()
    {
        await using var harness = await ServerHarness.StartAsync(emberOptions: new EmberOptions { Retry = new RetryOptions { Attempts = 0 } });
        var id = harness.Client.Enqueue(() => TestJobs.ReturnFaultedTask(Signals.NewKey()));

        var job = await harness.WaitForStateAsync(id, JobState.Failed);

        Assert.Equal("Faulted synchronously", job.LastError!.Message);
    }

    [Fact]
    public async Task Job_whose_type_is_gone_fails_with_the_reason_and_the_server_goes_on()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 1);
        var key = Signals.NewKey();
        var broken = await CreateRawAsync(harness.Store, """{"type":"Gone.Jobs, Gone","method":"Run","parameterTypes":[],"arguments":[]}""");
        var garbage = await CreateRawAsync(harness.Store, "not json at all");
        var badArgument = await CreateRawAsync(harness.Store,
            """{"type":"Ember.Tests.Support.TestJobs, Ember.Tests","method":"FailTimes","parameterTypes":["System.String, System.Private.CoreLib","System.Int32, System.Private.CoreLib"],"arguments":["k","two"]}""");
        var healthy = harness.Client.Enqueue(() => TestJobs.Record(key));

        var gone = await harness.WaitForStateAsync(broken, JobState.Failed);
        Assert.Contains("Type 'Gone.Jobs, Gone' could not be loaded", gone.LastError!.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(JobLoadException).FullName, gone.LastError.Type);
        Assert.Contains("not valid", (await harness.WaitForStateAsync(garbage, JobState.Failed)).LastError!.Message, StringComparison.Ordinal);
        Assert.Contains("'failures'", (await harness.WaitForStateAsync(badArgument, JobState.Failed)).LastError!.Message, StringComparison.Ordinal);
        await harness.WaitForStateAsync(healthy, JobState.Succeeded);
        var history = (await harness.DetailsAsync(broken)).History;
        Assert.Equal(JobState.Failed, history[^1].State);
        Assert.StartsWith("Could not load the job", history[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_exceeding_its_timeout_is_cancelled_and_fails_with_a_timeout()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.JobTimeout = TimeSpan.FromMilliseconds(300),
            new Ember.InMemory.InMemoryJobStore(), new EmberOptions { Retry = new RetryOptions { Attempts = 0 } });
        var key = Signals.NewKey();

        var id = harness.Client.Enqueue(() => TestJobs.WaitForCancellationAsync(key, CancellationToken.None));

        var job = await harness.WaitForStateAsync(id, JobState.Failed);
        Assert.Equal(typeof(TimeoutException).FullName, job.LastError!.Type);
        Assert.Equal(1, Signals.Count(key + ":cancelled"));
    }

    private static async Task<string> CreateRawAsync(IJobStore store, string invocation) =>
        (await store.CreateJobsAsync(new CreateJobsRequest([new NewJob { Invocation = invocation, Queue = "default", State = JobState.Enqueued }])))[0];
}
