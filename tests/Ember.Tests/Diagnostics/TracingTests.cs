using System.Diagnostics;
using Ember.Tests.Support;

namespace Ember.Tests.Diagnostics;

public sealed class TracingTests : IDisposable
{
    private readonly ActivityCollector _activities = new();

    [Fact]
    public async Task A_run_joins_the_trace_that_enqueued_it_as_a_child_of_the_publish_span()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();
        string id;
        ActivityTraceId traceId;
        using (var request = new Activity("POST /signup").Start())
        {
            traceId = request.TraceId;
            id = harness.Client.Enqueue(() => TestJobs.Record(key));
        }

        var run = (await _activities.RunsOfAsync(id, a => a.TraceId == traceId))[0];
        var publish = _activities.Stopped.Single(a => a.Kind == ActivityKind.Producer && a.TraceId == traceId);
        Assert.Equal(traceId, publish.TraceId);
        Assert.Equal("publish default", publish.DisplayName);
        Assert.Equal("ember", publish.GetTagItem("messaging.system"));
        Assert.Equal("send", publish.GetTagItem("messaging.operation.type"));
        Assert.Equal("default", publish.GetTagItem("messaging.destination.name"));

        Assert.Equal(traceId, run.TraceId);
        Assert.Equal(publish.SpanId, run.ParentSpanId);
        Assert.Equal(publish.SpanId, Assert.Single(run.Links).Context.SpanId);
        Assert.Equal("process default", run.DisplayName);
        Assert.Equal("process", run.GetTagItem("messaging.operation.type"));
        Assert.Equal(id, run.GetTagItem("messaging.message.id"));
        Assert.Equal("succeeded", run.GetTagItem("ember.job.outcome"));
        Assert.Equal(harness.Server.Id, run.GetTagItem("messaging.client.id"));
    }

    [Fact]
    public async Task Every_retry_of_a_job_runs_in_the_enqueuers_trace_with_its_baggage()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();
        string id;
        ActivityTraceId traceId;
        using (var request = new Activity("POST /orders").AddBaggage("tenant", "acme").Start())
        {
            traceId = request.TraceId;
            id = harness.Client.Enqueue(() => Jobs.FailTwiceThenPass(key));
        }

        var runs = await _activities.RunsOfAsync(id, a => a.TraceId == traceId, 3);
        Assert.All(runs, run => Assert.Equal(traceId, run.TraceId));
        Assert.All(runs, run => Assert.Equal("acme", run.GetBaggageItem("tenant")));
        Assert.Equal([1, 2, 3], runs.Select(r => (int)r.GetTagItem("ember.job.attempt")!));
        Assert.Equal(["retried", "retried", "succeeded"], runs.Select(r => (string)r.GetTagItem("ember.job.outcome")!));
        Assert.Equal(ActivityStatusCode.Error, runs[0].Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, runs[0].GetTagItem("error.type"));
    }

    [Fact]
    public async Task The_trace_context_is_a_job_parameter_and_a_run_without_one_is_a_root()
    {
        await using var harness = await ServerHarness.StartAsync();
        string traced;
        using (new Activity("request").Start())
            traced = harness.Client.Enqueue(() => TestJobs.Record(Signals.NewKey()));
        await harness.WaitForStateAsync(traced, JobState.Succeeded);
        var parameter = (await harness.DetailsAsync(traced)).Job.Parameters[EmberDiagnostics.TraceContextParameter];
        Assert.Contains("\"traceparent\":\"00-", parameter, StringComparison.Ordinal);

        // Created by the store directly (as a recurring job is): nothing to join.
        var untraced = (await harness.Store.CreateJobsAsync(new([new() { Invocation = (await harness.DetailsAsync(traced)).Job.Invocation, Queue = "default", State = JobState.Enqueued }])))[0];
        var run = (await _activities.RunsOfAsync(untraced, a => a.ParentSpanId == default && a.GetTagItem("messaging.client.id") as string == harness.Server.Id))[0];
        Assert.Equal(default, run.ParentSpanId);
        Assert.Empty(run.Links);
    }

    public void Dispose() => _activities.Dispose();

    public static class Jobs
    {
        [AutomaticRetry(Attempts = 2, DelaysInSeconds = [0])]
        public static void FailTwiceThenPass(string key)
        {
            if (Signals.Hit(key) <= 2) throw new InvalidOperationException("not yet");
        }
    }
}
