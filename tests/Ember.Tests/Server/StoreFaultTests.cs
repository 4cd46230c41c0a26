using Ember.InMemory;
using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Server;

public class StoreFaultTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_that_cannot_renew_cancels_its_run_before_another_server_could_rescue_it(bool renewalHangs)
    {
        // A renewal that hangs (packets dropped, no error until a command timeout longer than the lease) must fence the
        // run as surely as one that fails at once.
        var store = new FaultyStore(new InMemoryJobStore());
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lease = TimeSpan.FromSeconds(2);
        await using var harness = await ServerHarness.StartAsync(o =>
        {
            o.LeaseDuration = lease;
            o.LeaseRenewInterval = TimeSpan.FromMilliseconds(500); // also the fence's margin: the slack this test has
            o.RescueInterval = TimeSpan.FromMinutes(10); // no rescue here: only the self-fence can stop the run
        }, store);
        var key = Signals.NewKey();
        var id = harness.Client.Enqueue(() => TestJobs.WaitForCancellationAsync(key, CancellationToken.None));
        await Signals.WaitAsync(key + ":started");
        var renewalsFailFrom = DateTime.UtcNow;

        if (renewalHangs) store.Before = operation => operation == nameof(IJobStore.ExtendLeasesAsync) ? gate.Task : Task.CompletedTask;
        else store.Fault = (operation, _) => operation == nameof(IJobStore.ExtendLeasesAsync) ? new IOException("store unreachable") : null;
        try
        {
            await Signals.WaitAsync(key + ":cancelled", timeout: TimeSpan.FromSeconds(5));
            // The last renewal started before the fault, so the lease another server sees lapses before this bound.
            Assert.InRange(DateTime.UtcNow - renewalsFailFrom, TimeSpan.Zero, lease);
            Assert.Equal(JobState.Processing, (await harness.DetailsAsync(id)).Job.State); // left for the rescuer, not failed
        }
        finally
        {
            gate.TrySetResult(); // a server can't stop while its renewal waits at the gate
        }
    }

    [Fact]
    public async Task A_server_whose_outcomes_wait_to_be_written_stops_starting_jobs_at_its_bound()
    {
        // Found by the chaos soak: worker slots were freed when a method returned, so a server whose outcome writes
        // lagged kept fetching, held thousands of finished runs under leases, and re-ran them once those lapsed. Now
        // at most WorkerCount + MaxPrefetchedJobs finished runs wait for their write while WorkerCount more hold their
        // slots; and at most WorkerCount + MaxPrefetchedJobs more are claimed unstarted in the buffer.
        const int workers = 2, prefetched = 3;
        var store = new FaultyStore(new InMemoryJobStore());
        var writes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Before = operation => operation == nameof(IJobStore.CompleteJobsAsync) ? writes.Task : Task.CompletedTask;
        await using var harness = await ServerHarness.StartAsync(o => (o.WorkerCount, o.MaxPrefetchedJobs) = (workers, prefetched), store);
        var key = Signals.NewKey();
        var ids = Enumerable.Range(0, 40).Select(_ => harness.Client.Enqueue(() => TestJobs.Record(key))).ToArray();
        const int started = (2 * workers) + prefetched;

        try
        {
            await Signals.WaitAsync(key, count: started);
            await Task.Delay(500); // time for a server that didn't wait for its writes to start more

            Assert.Equal(started, Signals.Count(key));
            Assert.InRange((await store.Queries.GetStateCountsAsync())[JobState.Processing], started, started + workers + prefetched);
        }
        finally
        {
            writes.TrySetResult(); // also when failing: a server can't stop while its outcomes wait at the gate
        }
        foreach (var id in ids) await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(40, Signals.Count(key));
    }

    [Fact]
    public async Task Lease_renewal_retries_at_its_own_interval_after_an_outage_shorter_than_the_lease()
    {
        var store = new FaultyStore(new InMemoryJobStore());
        await using var harness = await ServerHarness.StartAsync(o =>
        {
            o.LeaseDuration = TimeSpan.FromSeconds(3);
            o.LeaseRenewInterval = TimeSpan.FromMilliseconds(100);
        }, store);
        var key = Signals.NewKey();
        var id = harness.Client.Enqueue(() => TestJobs.WaitForGateAsync(key, CancellationToken.None));
        await Signals.WaitAsync(key + ":started");

        var failing = true;
        store.Fault = (operation, _) => failing && operation == nameof(IJobStore.ExtendLeasesAsync) ? new IOException("blip") : null;
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // an outage of several renewals, well inside the lease
        failing = false;
        var renewedAfter = DateTimeOffset.UtcNow;

        await Eventually.ReturnsAsync(async () => (await harness.DetailsAsync(id)).Job.LeaseExpiresAt!.Value, e => e > renewedAfter + TimeSpan.FromSeconds(2.5), what: "lease renewed after the outage");
        Gates.Release(key);
        await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(1, Signals.Count(key + ":started"));
    }

    [Fact]
    public async Task A_poisoned_outcome_does_not_block_the_others()
    {
        // The poison is armed before any server runs, so its outcome is refused every time, alone or in a batch.
        var store = new FaultyStore(new InMemoryJobStore());
        var client = new BackgroundJobClient(store);
        var poison = client.Enqueue(() => TestJobs.Record(Signals.NewKey()));
        var healthy = new List<string>();
        for (var i = 0; i < 5; i++) healthy.Add(client.Enqueue(() => TestJobs.Record(Signals.NewKey())));
        store.Fault = (operation, request) => operation == nameof(IJobStore.CompleteJobsAsync)
            && ((CompleteJobsRequest)request!).Completions.Any(c => c.JobId == poison) ? new InvalidOperationException("row refused") : null;

        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 1, store);

        foreach (var id in healthy) await harness.WaitForStateAsync(id, JobState.Succeeded, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_poisoned_outcome_alone_is_set_aside_while_the_store_answers()
    {
        var store = new FaultyStore(new InMemoryJobStore());
        var poison = new BackgroundJobClient(store).Enqueue(() => TestJobs.Record(Signals.NewKey()));
        store.Fault = (operation, request) => operation == nameof(IJobStore.CompleteJobsAsync)
            && ((CompleteJobsRequest)request!).Completions.Any(c => c.JobId == poison) ? new InvalidOperationException("row refused") : null;

        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 1, store);
        await Eventually.ReturnsAsync(async () => (await harness.DetailsAsync(poison)).Job.Attempt, attempt => attempt >= 2, TimeSpan.FromSeconds(30), "poisoned job rescued and run again");
        var next = harness.Client.Enqueue(() => TestJobs.Record(Signals.NewKey()));

        await harness.WaitForStateAsync(next, JobState.Succeeded, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Outcomes_written_while_the_store_was_down_land_when_it_is_back()
    {
        var store = new FaultyStore(new InMemoryJobStore());
        await using var harness = await ServerHarness.StartAsync(store: store);
        var down = true;
        store.Fault = (operation, _) => down && operation == nameof(IJobStore.CompleteJobsAsync) ? new IOException("down") : null;
        var key = Signals.NewKey();
        var ids = Enumerable.Range(0, 10).Select(_ => harness.Client.Enqueue(() => TestJobs.Record(key))).ToList();
        // One run per worker: a server holds its slots until their outcomes are written, so it waits for the store.
        await Signals.WaitAsync(key, ServerHarness.FastOptions().WorkerCount);

        down = false;

        foreach (var id in ids) await harness.WaitForStateAsync(id, JobState.Succeeded, TimeSpan.FromSeconds(20));
        Assert.Equal(10, Signals.Count(key));
    }

    [Fact]
    public async Task A_failed_start_leaves_a_server_that_disposes_cleanly()
    {
        var store = new FaultyStore(new InMemoryJobStore()) { Fault = (operation, _) => operation == nameof(IJobStore.InitializeAsync) ? new IOException("no database") : null };
        var server = new EmberServer(store, ServerHarness.FastOptions());

        await Assert.ThrowsAsync<IOException>(() => server.StartAsync());

        await server.DisposeAsync();
    }

    [Fact]
    public async Task Stop_does_not_throw_when_the_hosts_token_fires_and_the_store_is_down()
    {
        var store = new FaultyStore(new InMemoryJobStore());
        var harness = await ServerHarness.StartAsync(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10), store);
        var key = Signals.NewKey();
        harness.Client.Enqueue(() => TestJobs.WaitForGateAsync(key, CancellationToken.None));
        await Signals.WaitAsync(key + ":started");
        store.Fault = (_, _) => new IOException("down");
        using var hostTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await harness.Server.StopAsync(hostTimeout.Token);

        Gates.Release(key);
        await harness.DisposeAsync();
    }
}
