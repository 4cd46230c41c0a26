using Ember.InMemory;
using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Server;

public class LeaseTests
{
    [Fact]
    public async Task Job_held_by_a_dead_server_is_rescued_and_completed_by_another()
    {
        var store = new InMemoryJobStore();
        var key = Signals.NewKey();
        var id = new BackgroundJobClient(store).Enqueue(() => TestJobs.Record(key));
        // A server that claims the job and then dies: nobody extends its lease.
        var claimed = await store.FetchJobsAsync(new FetchJobsRequest("dead-server", ["default"], 1, TimeSpan.FromSeconds(1)));
        Assert.Equal(id, Assert.Single(claimed).Id);

        await using var harness = await ServerHarness.StartAsync(store: store);

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        var history = (await harness.DetailsAsync(id)).History;
        Assert.Contains(history, h => h.State == JobState.Enqueued && h.Kind == HistoryKind.Rescued && h.ServerId == "dead-server");
        Assert.Equal(2, (await harness.DetailsAsync(id)).Job.Attempt);
        Assert.Equal(1, Signals.Count(key));
    }

    [Fact]
    public async Task Synchronous_jobs_blocking_more_threads_than_the_pool_has_each_run_once()
    {
        // Many more workers than cores, each job blocking its thread for three lease lengths: the renewals must still
        // get threads (the server raises the pool's minimum), or the leases lapse and the jobs run again.
        const int jobs = 40;
        await using var harness = await ServerHarness.StartAsync(o =>
        {
            o.WorkerCount = jobs;
            o.LeaseDuration = TimeSpan.FromSeconds(1);
            o.LeaseRenewInterval = TimeSpan.FromMilliseconds(250);
            o.RescueInterval = TimeSpan.FromMilliseconds(100);
        });
        var key = Signals.NewKey();
        var ids = Enumerable.Range(0, jobs).Select(n => harness.Client.Enqueue(() => TestJobs.BlockThread(key, n, 3000))).ToArray();

        foreach (var id in ids) await harness.WaitForStateAsync(id, JobState.Succeeded, TimeSpan.FromSeconds(60));
        Assert.Equal(jobs, Signals.Count(key));
        Assert.All(Enumerable.Range(0, jobs), n => Assert.Equal(1, Signals.Count($"{key}:{n}")));
    }

    [Fact]
    public async Task A_job_longer_than_its_lease_runs_once_while_its_server_lives()
    {
        await using var harness = await ServerHarness.StartAsync(o =>
        {
            o.LeaseDuration = TimeSpan.FromMilliseconds(500);
            o.LeaseRenewInterval = TimeSpan.FromMilliseconds(100);
            o.RescueInterval = TimeSpan.FromMilliseconds(100);
        });
        var key = Signals.NewKey();
        var id = harness.Client.Enqueue(() => TestJobs.WaitForGateAsync(key, CancellationToken.None));
        await Signals.WaitAsync(key + ":started");

        // Several lease lengths and rescue passes go by while the job runs.
        await Eventually.ReturnsAsync(async () => (await harness.DetailsAsync(id)).Job.LeaseExpiresAt, _ => true);
        var firstExpiry = (await harness.DetailsAsync(id)).Job.LeaseExpiresAt!.Value;
        await Eventually.ReturnsAsync(async () => (await harness.DetailsAsync(id)).Job.LeaseExpiresAt!.Value, e => e > firstExpiry + TimeSpan.FromSeconds(1.5), what: "lease extended");
        Gates.Release(key);

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(1, Signals.Count(key + ":started"));
        Assert.Single((await harness.DetailsAsync(id)).History, h => h.State == JobState.Processing);
    }
}
