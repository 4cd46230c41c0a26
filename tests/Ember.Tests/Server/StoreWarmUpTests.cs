using System.Collections.Concurrent;
using Ember.InMemory;
using Ember.Invocations;
using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Server;

// A starting server has a store that can (IJobStoreWarmUp) go through its creation path once, so the first job a
// process enqueues doesn't pay for it.
public class StoreWarmUpTests
{
    [Fact]
    public async Task A_starting_server_warms_the_store_creation_path_with_a_job_of_its_default_queue()
    {
        var warmUps = new ConcurrentQueue<CreateJobsRequest>();
        var store = new FaultyStore(new InMemoryJobStore())
        {
            Fault = (operation, request) =>
            {
                if (operation == nameof(IJobStoreWarmUp.WarmUpAsync)) warmUps.Enqueue((CreateJobsRequest)request!);
                return null;
            },
        };
        var options = new EmberOptions { DefaultQueue = "mail" };

        await using (await ServerHarness.StartAsync(o => o.Queues = ["mail"], store, options))
        {
            var request = Assert.Single(warmUps);
            var job = Assert.Single(request.Jobs);
            Assert.Equal("mail", job.Queue);
            Assert.Equal(JobState.Enqueued, job.State);
            Assert.NotNull(new InvocationBinder(options.SerializerOptions).Bind(job.Invocation)); // a job the server could run
        }
    }

    [Fact]
    public async Task A_warm_up_that_fails_costs_the_server_nothing_but_its_speed()
    {
        var store = new FaultyStore(new InMemoryJobStore())
        {
            Fault = (operation, _) => operation == nameof(IJobStoreWarmUp.WarmUpAsync) ? new InvalidOperationException("cold store") : null,
        };
        await using var harness = await ServerHarness.StartAsync(store: store);
        var key = Signals.NewKey();

        await harness.Client.EnqueueAsync(() => Signals.Hit(key));

        await Signals.WaitAsync(key, 1, TimeSpan.FromSeconds(10));
    }
}
