using Ember.Tests.Support;

namespace Ember.Tests.Server;

public class ProcessingTests
{
    [Fact]
    public async Task Runs_void_task_valuetask_and_instance_methods()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        var ids = new[]
        {
            harness.Client.Enqueue(() => TestJobs.Record(key)),
            harness.Client.Enqueue(() => TestJobs.RecordAsync(key)),
            harness.Client.Enqueue(() => TestJobs.RecordValueTaskAsync(key)),
            harness.Client.Enqueue<TestJobs>(x => x.RecordOnInstance(key)),
            // ValueTask<T> has no expression overload (it doesn't convert to ValueTask), so build the Job directly.
            (await harness.Client.CreateAsync([new CreateJobRequest { Job = new Job(typeof(TestJobs), typeof(TestJobs).GetMethod(nameof(TestJobs.RecordValueTaskOfIntAsync))!, [key]) }]))[0],
        };

        await Signals.WaitAsync(key, 5);
        foreach (var id in ids) await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(5, Signals.Count(key));
    }

    [Fact]
    public async Task Arguments_arrive_as_they_were_enqueued()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        harness.Client.Enqueue(() => TestJobs.RecordArguments(key, 42, "héllo \"world\"", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), new Payload("a", 1), new[] { 1, 2, 3 }));

        await Signals.WaitAsync(key);
    }

    [Fact]
    public async Task History_records_each_transition_with_server_and_duration()
    {
        await using var harness = await ServerHarness.StartAsync();
        var id = harness.Client.Enqueue(() => TestJobs.Record(Signals.NewKey()));

        await harness.WaitForStateAsync(id, JobState.Succeeded);

        var details = await harness.DetailsAsync(id);
        Assert.Equal([JobState.Enqueued, JobState.Processing, JobState.Succeeded], details.History.Select(h => h.State));
        Assert.Equal(harness.Server.Id, details.History[1].ServerId);
        Assert.Equal(harness.Server.Id, details.History[2].ServerId);
        Assert.NotNull(details.History[2].Duration);
        Assert.Equal(1, details.Job.Attempt);
        Assert.NotNull(details.Job.ExpireAt);
    }

    [Fact]
    public async Task Queues_are_taken_in_the_order_given()
    {
        var key = Signals.NewKey();
        var store = new Ember.InMemory.InMemoryJobStore();
        var client = new BackgroundJobClient(store);
        var low = client.Enqueue("low", () => TestJobs.Record(key));
        var high = client.Enqueue("high", () => TestJobs.Record(key));

        await using var harness = await ServerHarness.StartAsync(o => { o.Queues = ["high", "low"]; o.WorkerCount = 1; }, store);
        await harness.WaitForStateAsync(low, JobState.Succeeded);

        var highStarted = (await harness.DetailsAsync(high)).History.Single(h => h.State == JobState.Processing).At;
        var lowStarted = (await harness.DetailsAsync(low)).History.Single(h => h.State == JobState.Processing).At;
        Assert.True(highStarted <= lowStarted, $"high started {highStarted:O}, low {lowStarted:O}");
    }

    [Fact]
    public async Task A_server_ignores_queues_it_does_not_listen_to()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.Queues = ["mine"]);
        var other = harness.Client.Enqueue("other", () => TestJobs.Record(Signals.NewKey()));
        var mine = harness.Client.Enqueue("mine", () => TestJobs.Record(Signals.NewKey()));

        await harness.WaitForStateAsync(mine, JobState.Succeeded);

        Assert.Equal(JobState.Enqueued, (await harness.DetailsAsync(other)).Job.State);
    }

    [Fact]
    public async Task Many_jobs_all_succeed_exactly_once()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 8);
        var key = Signals.NewKey();

        var ids = await harness.Client.CreateAsync(Enumerable.Range(0, 500).Select(_ => new CreateJobRequest { Job = Job.FromExpression(() => TestJobs.RecordAsync(key)) }).ToArray());

        await Signals.WaitAsync(key, 500);
        await Eventually.ReturnsAsync(() => harness.Store.Queries.GetStateCountsAsync(), c => c[JobState.Succeeded] == 500);
        Assert.Equal(500, Signals.Count(key));
        Assert.Equal(500, ids.Distinct().Count());
    }

    [Fact]
    public async Task Awaiting_jobs_hold_no_thread()
    {
        // 200 jobs that all await at once would need 200 threads if workers blocked; the pool has far fewer.
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 200);
        var key = Signals.NewKey();

        for (var i = 0; i < 200; i++) harness.Client.Enqueue(() => TestJobs.WaitForGateAsync(key, CancellationToken.None));

        await Signals.WaitAsync(key + ":started", 200, TimeSpan.FromSeconds(10));
        Assert.True(ThreadPool.ThreadCount < 100, $"{ThreadPool.ThreadCount} pool threads for 200 awaiting jobs");
        Gates.Release(key);
        await Signals.WaitAsync(key, 200);
    }
}
