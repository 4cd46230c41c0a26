using System.Collections.Concurrent;
using Ember.Server;
using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Context;

// What a job gets at run time and what it leaves behind: its result, its context (parameters, progress, log), the
// Hangfire cancellation token, and a continuation's parent result or exception.
public class JobContextTests
{
    [Fact]
    public async Task A_result_is_stored_and_a_continuation_receives_it_from_a_task_of_t()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        var parent = harness.Client.Enqueue(() => ContextJobs.Total(20, 22));
        var child = harness.Client.ContinueJobWith(parent, () => ContextJobs.Receive(key, default));
        var async = harness.Client.Enqueue(() => ContextJobs.OrderAsync("A-1"));

        await harness.WaitForStateAsync(child, JobState.Succeeded);
        Assert.Equal("42", (await harness.DetailsAsync(parent)).Job.Result);
        Assert.Equal(["42"], ContextJobs.Received(key));
        await harness.WaitForStateAsync(async, JobState.Succeeded);
        Assert.Equal("""{"Id":"A-1","Lines":3}""", (await harness.DetailsAsync(async)).Job.Result);
    }

    [Fact]
    public async Task A_continuation_on_failure_receives_the_parent_exception()
    {
        await using var harness = await ServerHarness.StartAsync(emberOptions: new EmberOptions { Retry = new RetryOptions { Attempts = 0 } });
        var key = Signals.NewKey();

        var parent = harness.Client.Enqueue(() => TestJobs.FailAlways(key));
        var child = harness.Client.ContinueJobWith(parent, () => ContextJobs.Compensate(key, null), JobContinuationOptions.OnlyOnFailedState);

        await harness.WaitForStateAsync(child, JobState.Succeeded);
        Assert.Equal(["System.InvalidOperationException"], ContextJobs.Received(key));
    }

    [Fact]
    public async Task A_result_of_another_type_fails_the_continuation_at_once_naming_the_parameter()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        var parent = harness.Client.Enqueue(() => ContextJobs.OrderAsync("A-2"));
        var child = harness.Client.ContinueJobWith(parent, () => ContextJobs.Receive(key, default));

        await harness.WaitForStateAsync(child, JobState.Failed);
        var details = await harness.DetailsAsync(child);
        Assert.Equal(1, details.Job.Attempt);
        Assert.Contains("Parameter 'total' of ContextJobs.Receive is [FromResult] of type Int32", details.History[^1].Reason, StringComparison.Ordinal);
        Assert.Empty(ContextJobs.Received(key));
    }

    [Fact]
    public async Task A_result_over_the_limit_is_not_stored_and_the_succeeded_entry_says_why()
    {
        await using var harness = await ServerHarness.StartAsync(emberOptions: new EmberOptions { MaxResultLength = 10 });

        var id = harness.Client.Enqueue(() => ContextJobs.OrderAsync("A-3"));

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        var details = await harness.DetailsAsync(id);
        Assert.Null(details.Job.Result);
        Assert.Contains("over EmberOptions.MaxResultLength (10)", details.History[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_context_gives_the_job_its_identity_and_keeps_parameters_progress_and_log_lines()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        var id = harness.Client.Enqueue(() => ContextJobs.Report(key, null, JobCancellationToken.Null));

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        var details = await harness.DetailsAsync(id);
        Assert.Equal([$"{id}/default/1/token"], ContextJobs.Received(key));
        Assert.Equal("""{"Page":3}""", details.Job.Parameters["checkpoint"]);
        Assert.Equal(100, details.Job.Progress);
        Assert.Equal(["starting", "page 1", "page 2", "page 3"], details.Log.Select(l => l.Text));
    }

    [Fact]
    public async Task Parameters_persist_across_a_retry()
    {
        await using var harness = await ServerHarness.StartAsync(emberOptions: new EmberOptions { Retry = new RetryOptions { Attempts = 1, DelaysInSeconds = [0] } });
        var key = Signals.NewKey();

        var id = harness.Client.Enqueue(() => ContextJobs.FailFirst(key, null));

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(["first run", "resumed from 7"], ContextJobs.Received(key));
    }
}

public static class ContextJobs
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Seen = new();

    public static string[] Received(string key) => Seen.TryGetValue(key, out var queue) ? queue.ToArray() : [];

    public static void Add(string key, string value) => Seen.GetOrAdd(key, _ => new ConcurrentQueue<string>()).Enqueue(value);

    public static int Total(int a, int b) => a + b;

    public static async Task<Order> OrderAsync(string id)
    {
        await Task.Yield();
        return new Order(id, 3);
    }

    public static void Receive(string key, [FromResult] int total) => Add(key, total.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static void Compensate(string key, [FromException] ExceptionInfo? exception) => Add(key, exception?.Type ?? "none");

    public static void Report(string key, PerformContext? context, IJobCancellationToken? token)
    {
        context!.WriteLine("starting");
        for (var page = 1; page <= 3; page++)
        {
            token!.ThrowIfCancellationRequested();
            context.SetJobParameter("checkpoint", new Checkpoint(page));
            context.WriteLine($"page {page}");
            context.ReportProgress(page * 100 / 3);
        }
        Add(key, $"{context.JobId}/{context.Queue}/{context.Attempt}/{(token!.ShutdownToken.CanBeCanceled ? "token" : "none")}");
    }

    public static void FailFirst(string key, PerformContext? context)
    {
        if (context!.GetJobParameter<Checkpoint>("checkpoint") is { } checkpoint)
        {
            Add(key, $"resumed from {checkpoint.Page}");
            return;
        }
        context.SetJobParameter("checkpoint", new Checkpoint(7));
        Add(key, "first run");
        throw new InvalidOperationException("fails once");
    }

    public sealed record Order(string Id, int Lines);

    public sealed record Checkpoint(int Page);
}

public class CreatingParameterTests
{
    [Fact]
    public async Task A_client_filter_stamps_a_parameter_that_the_job_and_the_read_side_see()
    {
        var options = new EmberOptions();
        options.Filters.Add(new TenantStamp());
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);
        var key = Signals.NewKey();

        var id = harness.Client.Enqueue(() => TenantJobs.Read(key, null));

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal("\"acme\"", (await harness.DetailsAsync(id)).Job.Parameters["tenant"]);
        Assert.Equal(["acme"], ContextJobs.Received(key));
    }

    [Fact]
    public async Task A_FromParameter_argument_receives_the_stamped_parameter_and_the_types_default_when_unset()
    {
        var options = new EmberOptions();
        options.Filters.Add(new TenantStamp());
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);
        var key = Signals.NewKey();

        var id = harness.Client.Enqueue(() => TenantJobs.Receive(key, null, 0));

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(["acme/0"], ContextJobs.Received(key));
    }

    [Fact]
    public async Task A_FromParameter_argument_of_the_wrong_type_fails_the_job_naming_the_parameter_without_retries()
    {
        var options = new EmberOptions();
        options.Filters.Add(new TenantStamp());
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);
        var key = Signals.NewKey();

        var id = harness.Client.Enqueue(() => TenantJobs.ReceiveAsNumber(key, 0));

        await harness.WaitForStateAsync(id, JobState.Failed);
        var details = await harness.DetailsAsync(id);
        Assert.Equal(1, details.Job.Attempt);
        Assert.Contains("Parameter 'tenant' of TenantJobs.ReceiveAsNumber is [FromParameter(\"tenant\")]", details.History[^1].Reason, StringComparison.Ordinal);
        Assert.Empty(ContextJobs.Received(key));
    }

    private sealed class TenantStamp : IClientFilter
    {
        public ValueTask OnCreatingAsync(CreatingContext context)
        {
            context.SetJobParameter("tenant", "acme");
            return ValueTask.CompletedTask;
        }

        public ValueTask OnCreatedAsync(CreatedContext context) => ValueTask.CompletedTask;
    }
}

public static class TenantJobs
{
    public static void Read(string key, PerformContext? context) =>
        ContextJobs.Add(key, context!.GetJobParameter<string>("tenant") ?? "none");

    public static void Receive(string key, [FromParameter("tenant")] string? tenant, [FromParameter("never-set")] int missing) =>
        ContextJobs.Add(key, $"{tenant}/{missing}");

    public static void ReceiveAsNumber(string key, [FromParameter("tenant")] int tenant) => ContextJobs.Add(key, $"{tenant}");
}
