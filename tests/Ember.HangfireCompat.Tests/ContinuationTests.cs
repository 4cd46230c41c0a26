// Continuations as Hangfire 1.8 applications write them, run by a server: the parent's result and exception reach the
// continuation ([FromResult], [FromException]; Hangfire needs UseResultsInContinuations(), Ember nothing), and each
// JobContinuationOptions runs or deletes the continuation on each outcome of its parent.
using Ember;
using Ember.HangfireCompat.Tests.App;
using Ember.HangfireCompat.Tests.Support;
using Ember.Server;
using Ember.States;
using Microsoft.Extensions.Hosting;

namespace Ember.HangfireCompat.Tests;

public class ContinuationTests
{
    [Fact]
    public async Task The_parent_result_reaches_the_continuation()
    {
        using var host = HangfireApp.Build();
        await host.StartAsync();
        var key = Guid.NewGuid().ToString("N");

        var parent = BackgroundJob.Enqueue(() => Orders.TotalAsync(key, 4));
        var child = BackgroundJob.ContinueJobWith(parent, () => Orders.SendTotal(key, 4, default));
        var grandchild = BackgroundJob.ContinueJobWith(child, "critical", () => Orders.Audit(key));

        await Eventually.StateAsync(grandchild, SucceededState.StateName);
        Assert.True(Calls.Contains($"{key}:sent-total:4:6.0"));
        Assert.Equal("6.0", JobStorage.Current.GetMonitoringApi().JobDetails(parent)!.Info!.Result);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_parent_exception_reaches_a_continuation_on_failure()
    {
        using var host = HangfireApp.Build();
        await host.StartAsync();
        var key = Guid.NewGuid().ToString("N");

        var parent = BackgroundJob.Enqueue(() => Orders.Fail(key));
        var child = BackgroundJob.ContinueJobWith(parent, () => Orders.Raise(key, null), JobContinuationOptions.OnlyOnFailedState);

        await Eventually.StateAsync(child, SucceededState.StateName);
        Assert.True(Calls.Contains($"{key}:raised:System.InvalidOperationException:{key} failed"));
        await host.StopAsync();
    }

    [Fact]
    public async Task PerformContext_and_IJobCancellationToken_are_filled_at_run_time()
    {
        using var host = HangfireApp.Build();
        await host.StartAsync();
        var key = Guid.NewGuid().ToString("N");

        var id = BackgroundJob.Enqueue(() => Orders.Context(key, null!, JobCancellationToken.Null));

        await Eventually.StateAsync(id, SucceededState.StateName);
        Assert.True(Calls.Contains($"{key}:context:{id}"));
        Assert.Equal("3", JobStorage.Current.GetMonitoringApi().JobDetails(id)!.Properties["checkpoint"]);
        await host.StopAsync();
    }

    [Theory]
    [InlineData(JobContinuationOptions.OnlyOnSucceededState, "Succeeded", true)]
    [InlineData(JobContinuationOptions.OnlyOnSucceededState, "Failed", false)]
    [InlineData(JobContinuationOptions.OnlyOnSucceededState, "Deleted", false)]
    [InlineData(JobContinuationOptions.OnlyOnFailedState, "Succeeded", false)]
    [InlineData(JobContinuationOptions.OnlyOnFailedState, "Failed", true)]
    [InlineData(JobContinuationOptions.OnlyOnFailedState, "Deleted", false)]
    [InlineData(JobContinuationOptions.OnlyOnDeletedState, "Succeeded", false)]
    [InlineData(JobContinuationOptions.OnlyOnDeletedState, "Failed", false)]
    [InlineData(JobContinuationOptions.OnlyOnDeletedState, "Deleted", true)]
    [InlineData(JobContinuationOptions.OnAnyFinishedState, "Succeeded", true)]
    [InlineData(JobContinuationOptions.OnAnyFinishedState, "Failed", true)]
    [InlineData(JobContinuationOptions.OnAnyFinishedState, "Deleted", true)]
    [InlineData(JobContinuationOptions.OnlyOnSucceededState | JobContinuationOptions.OnlyOnDeletedState, "Succeeded", true)]
    [InlineData(JobContinuationOptions.OnlyOnSucceededState | JobContinuationOptions.OnlyOnDeletedState, "Failed", false)]
    [InlineData(JobContinuationOptions.OnlyOnSucceededState | JobContinuationOptions.OnlyOnDeletedState, "Deleted", true)]
    public async Task Each_option_runs_the_continuation_only_on_the_outcomes_it_names(JobContinuationOptions options, string parentOutcome, bool runs)
    {
        using var host = HangfireApp.Build();
        await host.StartAsync();
        var key = Guid.NewGuid().ToString("N");

        var parent = parentOutcome switch
        {
            "Succeeded" => BackgroundJob.Enqueue(() => Orders.Noop()),
            "Failed" => BackgroundJob.Enqueue(() => Orders.Fail(key)),
            _ => BackgroundJob.Schedule(() => Orders.Noop(), TimeSpan.FromHours(1)),
        };
        var child = BackgroundJob.ContinueJobWith(parent, () => Orders.Audit(key), options);
        if (parentOutcome == "Deleted") BackgroundJob.Delete(parent);

        await Eventually.StateAsync(parent, parentOutcome);
        await Eventually.StateAsync(child, runs ? SucceededState.StateName : DeletedState.StateName);
        Assert.Equal(runs, Calls.Contains($"{key}:audit"));
        await host.StopAsync();
    }
}
