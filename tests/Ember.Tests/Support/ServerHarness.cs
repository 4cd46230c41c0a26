using Ember.InMemory;
using Ember.Storage;

namespace Ember.Tests.Support;

/// <summary>A store, a client and a running server with short timings, for tests of the server's behaviour.</summary>
public sealed class ServerHarness : IAsyncDisposable
{
    private ServerHarness(IJobStore store, EmberServer server, BackgroundJobClient client)
    {
        Store = store;
        Server = server;
        Client = client;
    }

    public IJobStore Store { get; }
    public EmberServer Server { get; }
    public BackgroundJobClient Client { get; }

    public static ServerOptions FastOptions() => new()
    {
        WorkerCount = 4,
        PollInterval = TimeSpan.FromMilliseconds(100),
        SchedulePollingInterval = TimeSpan.FromMilliseconds(100),
        LeaseDuration = TimeSpan.FromSeconds(2),
        LeaseRenewInterval = TimeSpan.FromMilliseconds(200),
        RescueInterval = TimeSpan.FromMilliseconds(200),
        ShutdownTimeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<ServerHarness> StartAsync(Action<ServerOptions>? configure = null, IJobStore? store = null, EmberOptions? emberOptions = null)
    {
        store ??= new InMemoryJobStore();
        var options = FastOptions();
        configure?.Invoke(options);
        var server = new EmberServer(store, options, emberOptions);
        await server.StartAsync();
        return new ServerHarness(store, server, new BackgroundJobClient(store, emberOptions));
    }

    public Task<JobInfo> WaitForStateAsync(string jobId, JobState state, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(async () => (await Store.Queries.GetJobAsync(jobId))!.Job, job => job.State == state, timeout, $"Job {jobId} in {state}");

    public async Task<JobDetails> DetailsAsync(string jobId) => (await Store.Queries.GetJobAsync(jobId))!;

    // A bounded stop: a test that failed with the store still faulty must not hang the run.
    public async ValueTask DisposeAsync()
    {
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15))) await Server.StopAsync(deadline.Token);
        await Server.DisposeAsync();
    }
}
