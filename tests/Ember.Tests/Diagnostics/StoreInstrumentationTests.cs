using System.Diagnostics;
using Ember.InMemory;
using Ember.Storage;
using Ember.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ember.Tests.Diagnostics;

public sealed class StoreInstrumentationTests : IDisposable
{
    private readonly ActivityCollector _activities = new();
    private readonly MeasurementCollector _measurements = new();

    [Fact]
    public async Task Every_store_call_gets_a_client_span_and_a_duration_tagged_with_the_store_and_batch_sizes()
    {
        var store = new InstrumentedJobStore(new InMemoryJobStore(), name: "tagged-" + Guid.NewGuid().ToString("N")[..8]);
        var job = new NewJob { Invocation = "{}", Queue = "default", State = JobState.Enqueued };
        await store.CreateJobsAsync(new([job, job, job]));
        await store.FetchJobsAsync(new FetchJobsRequest("server", ["default"], 5, TimeSpan.FromMinutes(1)));

        var spans = _activities.Stopped.Where(a => (string?)a.GetTagItem("ember.store.name") == store.Name).ToArray();
        var create = Assert.Single(spans, s => s.DisplayName == $"create_jobs {store.Name}");
        Assert.Equal(ActivityKind.Client, create.Kind);
        Assert.Equal("create_jobs", create.GetTagItem("ember.store.operation"));
        Assert.Equal(3, create.GetTagItem("ember.store.batch.size"));
        Assert.Equal(3, create.GetTagItem("ember.store.result.count"));
        var fetch = Assert.Single(spans, s => s.DisplayName == $"fetch_jobs {store.Name}");
        Assert.Equal(5, fetch.GetTagItem("ember.store.batch.size"));
        Assert.Equal(3, fetch.GetTagItem("ember.store.result.count"));

        var durations = _measurements.Of("ember.store.operation.duration").Where(m => (string?)m["ember.store.name"] == store.Name).ToArray();
        Assert.Equal(["create_jobs", "fetch_jobs"], durations.Select(m => (string)m["ember.store.operation"]!));
        Assert.Equal("s", durations[0].Instrument.Unit);
    }

    [Fact]
    public async Task A_failing_call_is_an_error_span_and_a_duration_with_its_error_type()
    {
        var store = new InstrumentedJobStore(new InMemoryJobStore(), name: "failing-" + Guid.NewGuid().ToString("N")[..8]);

        await Assert.ThrowsAsync<JobNotFoundException>(() => store.CreateJobsAsync(new([new NewJob { Invocation = "{}", Queue = "default", State = JobState.Awaiting, ParentId = "404" }])));

        var span = Assert.Single(_activities.Stopped, a => (string?)a.GetTagItem("ember.store.name") == store.Name);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(JobNotFoundException).FullName, span.GetTagItem("error.type"));
        Assert.Equal(typeof(JobNotFoundException).FullName, Assert.Single(_measurements.Of("ember.store.operation.duration"), m => (string?)m["ember.store.name"] == store.Name)["error.type"]);
    }

    [Fact]
    public void AddEmber_registers_the_store_behind_the_instrumentation_and_keeps_its_capabilities_visible()
    {
        var services = new ServiceCollection();
        services.AddEmber(ember => ember.UseInMemory());
        using var provider = services.BuildServiceProvider();

        var registered = Assert.IsType<InstrumentedJobStore>(provider.GetRequiredService<IJobStore>());
        var store = Assert.IsType<InMemoryJobStore>(registered.GetCapability<InMemoryJobStore>());
        Assert.Same(store, registered.Inner);
        Assert.Same(store, registered.GetCapability<IJobNotifications>());
        Assert.Same(registered, registered.GetCapability<IJobStore>());
        Assert.Null(registered.GetCapability<IDisposable>());
        Assert.Equal("inmemory", registered.Name);
    }

    [Fact]
    public async Task A_server_on_the_instrumented_store_is_still_woken_by_notifications()
    {
        // A long poll: the job runs at once only if the server subscribed through the decorator.
        await using var harness = await ServerHarness.StartAsync(o => o.PollInterval = TimeSpan.FromMinutes(5), new InstrumentedJobStore(new InMemoryJobStore()));
        await Task.Delay(100); // let the first fetch find the queue empty and wait

        var id = harness.Client.Enqueue(() => TestJobs.Record(Signals.NewKey()));

        await harness.WaitForStateAsync(id, JobState.Succeeded, TimeSpan.FromSeconds(5));
    }

    public void Dispose()
    {
        _activities.Dispose();
        _measurements.Dispose();
    }
}
