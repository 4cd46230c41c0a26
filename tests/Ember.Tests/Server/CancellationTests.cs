using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Server;

public class CancellationTests
{
    [Fact]
    public async Task Deleting_a_running_job_fires_its_token_within_two_seconds_with_default_renewal()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.LeaseRenewInterval = new ServerOptions().LeaseRenewInterval);
        var key = Signals.NewKey();
        var id = harness.Client.Enqueue(() => TestJobs.WaitForCancellationAsync(key, CancellationToken.None));
        await Signals.WaitAsync(key + ":started");

        var deletedAt = DateTime.UtcNow;
        Assert.True(await harness.Client.DeleteAsync(id));

        await Signals.WaitAsync(key + ":cancelled", timeout: TimeSpan.FromSeconds(3));
        Assert.InRange(DateTime.UtcNow - deletedAt, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        var details = await harness.DetailsAsync(id);
        Assert.Equal(JobState.Deleted, details.Job.State); // the cancelled run's outcome did not overwrite the delete
        Assert.Equal(JobState.Deleted, details.History[^1].State);
    }

    [Fact]
    public async Task Requeueing_a_running_job_cancels_it_and_runs_it_again()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();
        var id = harness.Client.Enqueue(() => TestJobs.WaitForCancellationAsync(key, CancellationToken.None));
        await Signals.WaitAsync(key + ":started");

        Assert.True(harness.Client.Requeue(id));

        await Signals.WaitAsync(key + ":cancelled");
        await Signals.WaitAsync(key + ":started", 2);
        Assert.Equal(2, (await harness.DetailsAsync(id)).Job.Attempt);
        await harness.Client.DeleteAsync(id);
    }

    [Fact]
    public async Task Graceful_stop_lets_short_jobs_finish()
    {
        var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();
        var id = harness.Client.Enqueue(() => TestJobs.WaitForGateAsync(key, CancellationToken.None));
        await Signals.WaitAsync(key + ":started");

        var stopping = harness.Server.StopAsync();
        Gates.Release(key);
        await stopping;

        Assert.Equal(JobState.Succeeded, (await harness.DetailsAsync(id)).Job.State);
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Graceful_stop_cancels_jobs_past_the_shutdown_timeout_and_hands_them_back()
    {
        var harness = await ServerHarness.StartAsync(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(300));
        var key = Signals.NewKey();
        var id = harness.Client.Enqueue(() => TestJobs.WaitForCancellationAsync(key, CancellationToken.None));
        await Signals.WaitAsync(key + ":started");

        await harness.Server.StopAsync();

        Assert.Equal(1, Signals.Count(key + ":cancelled"));
        var details = await harness.DetailsAsync(id);
        Assert.Equal(JobState.Enqueued, details.Job.State);
        Assert.Equal(HistoryKind.HandedBack, details.History[^1].Kind);
        Assert.StartsWith("Handed back", details.History[^1].Description, StringComparison.Ordinal);
        Assert.Empty(await harness.Store.Queries.GetServersAsync());
        await harness.DisposeAsync();
    }
}
