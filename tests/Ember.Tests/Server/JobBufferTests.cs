using Ember.InMemory;
using Ember.Server;
using Ember.Storage;
using Ember.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Tests.Server;

public class JobBufferTests
{
    private readonly InMemoryJobStore _store = new();
    private readonly JobBuffer _buffer = new();
    private readonly ServerContext _server = new("server-1", "server-1", ServerHarness.FastOptions(), TimeProvider.System, NullLogger.Instance);

    // Claims jobs for server-1 and buffers them unstarted, as the fetcher does.
    private async Task<string[]> BufferJobsAsync(int count)
    {
        var client = new BackgroundJobClient(_store);
        var ids = Enumerable.Range(0, count).Select(_ => client.Enqueue(() => TestJobs.Record("never"))).ToArray();
        var fetched = await _store.FetchJobsAsync(new FetchJobsRequest(_server.Id, ["default"], count, _server.Options.LeaseDuration));
        foreach (var job in fetched) _buffer.Add(new BufferedJob(job, DateTimeOffset.UtcNow + _server.Options.LeaseDuration));
        return ids;
    }

    [Fact]
    public async Task Buffered_leases_are_renewed_and_a_lost_one_is_never_started()
    {
        var ids = await BufferJobsAsync(2);
        var leaseBefore = (await _store.Queries.GetJobAsync(ids[0]))!.Job.LeaseExpiresAt!.Value;
        await new BackgroundJobClient(_store).DeleteAsync(ids[1]);

        await Task.Delay(20);
        await new LeaseKeeper(_store, new RunningJobs(), _buffer, _server).RenewAsync(CancellationToken.None);

        Assert.True((await _store.Queries.GetJobAsync(ids[0]))!.Job.LeaseExpiresAt > leaseBefore);
        Assert.Equal(1, _buffer.Count);
        var first = await _buffer.TakeAsync(CancellationToken.None);
        var second = await _buffer.TakeAsync(CancellationToken.None);
        Assert.Equal((ids[0], false), (first.Fetched.Id, first.LeaseLost));
        Assert.Equal((ids[1], true), (second.Fetched.Id, second.LeaseLost));
    }

    [Fact]
    public async Task Handing_back_returns_unstarted_jobs_to_their_queue_without_spending_a_run()
    {
        var ids = await BufferJobsAsync(3);
        var fetcher = new Fetcher(_store, _buffer, new PrefetchPacer(500, TimeProvider.System), null!, new WorkSignal(), new WorkSignal(), new ClaimPermits(_store, _server), _server);

        await fetcher.HandBackBufferedAsync(CancellationToken.None);

        Assert.Equal(0, _buffer.Count);
        foreach (var id in ids)
        {
            var details = (await _store.Queries.GetJobAsync(id))!;
            Assert.Equal(JobState.Enqueued, details.Job.State);
            Assert.Equal(HistoryKind.HandedBackUnstarted, details.History[^1].Kind);
            Assert.Equal("Handed back: server server-1 shut down before starting the job", details.History[^1].Description);
        }
        Assert.Equal(3, (await _store.FetchJobsAsync(new FetchJobsRequest("server-2", ["default"], 10, TimeSpan.FromSeconds(5)))).Count);
    }

    [Fact]
    public async Task A_stopping_server_hands_back_what_it_claimed_and_did_not_start()
    {
        // One worker on quick jobs: the buffer holds jobs ahead of it when the server stops part way through.
        var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 1);
        var key = Signals.NewKey();
        var ids = Enumerable.Range(0, 3000).Select(_ => harness.Client.Enqueue(() => TestJobs.Record(key))).ToArray();
        await Signals.WaitAsync(key, count: 500);

        await harness.Server.StopAsync();

        var counts = await harness.Store.Queries.GetStateCountsAsync();
        Assert.Equal(0, counts[JobState.Processing]);
        Assert.Equal(Signals.Count(key), counts[JobState.Succeeded]);
        await harness.DisposeAsync();
        await using var second = await ServerHarness.StartAsync(store: harness.Store);
        foreach (var id in ids) await second.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(ids.Length, Signals.Count(key)); // each ran once
    }
}
