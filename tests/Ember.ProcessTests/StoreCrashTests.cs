using Ember.Storage;
using Ember.TestServer;

namespace Ember.ProcessTests;

/// <summary>
/// Three server processes on one store: one killed with SIGKILL mid-run, or the store's own server restarted. The same
/// checks for every networked store; each store's test class names its fixture and how long its server stays down.
/// </summary>
public abstract class StoreCrashTests<TFixture> : IAsyncLifetime where TFixture : StoreProcessFixture, new()
{
    private const int JobCount = 5000;
    private readonly TFixture _fixture = new();

    /// <summary>How long the store's server stays down in the restart test.</summary>
    protected abstract int RestartSecondsDown { get; }

    public Task InitializeAsync() => _fixture.Store.InitializeAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Three_servers_one_killed_with_sigkill_complete_every_job_duplicating_only_the_killed_servers_runs()
    {
        // The jobs first, then the servers, started at once: all three are busy when one is killed.
        var ids = await EnqueueAsync();
        var servers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _fixture.StartServerAsync("--workers", "8", "--lease-ms", "2000", "--rescue-ms", "500")));
        using var first = servers[0];
        using var doomed = servers[1];
        using var third = servers[2];

        await _fixture.WaitForSucceededAsync(JobCount / 10);
        await WaitUntilHoldingAsync(doomed.Id);
        doomed.Kill();
        // The runs the killed server held at its death: they must be rescued, never lost.
        var held = (await _fixture.Store.Queries.GetJobsAsync(new Ember.Storage.JobListRequest(JobState.Processing, 0, 1000)))
            .Where(j => j.ServerId == doomed.Id).Select(j => j.Id).ToArray();
        var counts = await _fixture.WaitUntilAllSucceededAsync(JobCount, TimeSpan.FromSeconds(45));

        Assert.Equal(0, counts[JobState.Processing]);
        Assert.Equal(0, counts[JobState.Enqueued]);
        var done = _fixture.DoneCounts();
        var duplicates = 0;
        for (var i = 0; i < JobCount; i++)
        {
            var runs = done.GetValueOrDefault($"j{i}");
            Assert.True(runs >= 1, $"job j{i} ({ids[i]}) never ran to the end");
            if (runs == 1) continue;
            duplicates++;
            Assert.Contains(doomed.Id, await _fixture.ServersThatProcessedAsync(ids[i]));
        }
        // At most what the killed server held: its 8 workers' runs plus fetched runs whose completions were unflushed.
        Assert.True(duplicates <= 64, $"{duplicates} jobs ran twice");
        Assert.NotEmpty(held);
        // Each run it held was rescued, or finished by the killed server itself: a completion it sent just before it
        // died still reaches the store (the store's server runs a statement it has received whether or not the client
        // lives to read the reply). At least one was rescued, or the test proves nothing about rescue.
        var rescued = 0;
        foreach (var id in held)
        {
            var history = (await _fixture.Store.Queries.GetJobAsync(id))!.History;
            if (history.Any(h => h.Kind == HistoryKind.Rescued)) rescued++;
            else Assert.True(history[^1].State == JobState.Succeeded && history[^1].ServerId == doomed.Id,
                $"job {id}, held by the killed server, was neither rescued nor finished by it: {string.Join(" > ", history.Select(h => $"{h.State} {h.Kind} {h.ServerId} {h.Reason}"))}");
        }
        Assert.True(rescued > 0, $"none of the {held.Length} runs held by the killed server was rescued: all were finished by writes in flight at its death");
        Console.WriteLine($"sigkill: {held.Length} runs held by the killed server, {rescued} rescued, {held.Length - rescued} finished by its last write; {duplicates} duplicate runs");
    }

    [Fact]
    public async Task Servers_carry_on_after_the_store_restarts_mid_run_and_nothing_is_lost()
    {
        var ids = await EnqueueAsync();
        var servers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _fixture.StartServerAsync("--workers", "8", "--lease-ms", "5000", "--rescue-ms", "500")));
        using var first = servers[0];
        using var second = servers[1];
        using var third = servers[2];

        await _fixture.WaitForSucceededAsync(JobCount / 10);
        var before = (await _fixture.Store.Queries.GetStateCountsAsync())[JobState.Succeeded];
        await _fixture.RestartStoreServerAsync(RestartSecondsDown);
        var counts = await _fixture.WaitUntilAllSucceededAsync(JobCount, TimeSpan.FromSeconds(45));

        Assert.Equal(0, counts[JobState.Processing]);
        var done = _fixture.DoneCounts();
        for (var i = 0; i < JobCount; i++) Assert.True(done.GetValueOrDefault($"j{i}") >= 1, $"job j{i} ({ids[i]}) never ran to the end");
        Assert.True(before < JobCount, "The store restarted after every job had finished; the test proves nothing");
        Console.WriteLine($"restart at {before} of {JobCount} Succeeded: {done.Values.Count(n => n > 1)} duplicate runs");
    }

    // Until the server holds a run (Processing under its id), so that killing it proves the rescue. Each job takes
    // 10 ms, so a busy server always holds some.
    private async Task WaitUntilHoldingAsync(string serverId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await _fixture.Store.Queries.GetJobsAsync(new Ember.Storage.JobListRequest(JobState.Processing, 0, 1000))).Any(j => j.ServerId == serverId))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Server {serverId} held no run within 30 s.");
            await Task.Delay(5);
        }
    }

    private async Task<List<string>> EnqueueAsync()
    {
        var ledger = _fixture.Ledger;
        var ids = new List<string>(JobCount);
        for (var i = 0; i < JobCount; i++)
        {
            var key = $"j{i}";
            ids.Add(await _fixture.Client.EnqueueAsync(() => LedgerJobs.SlowAsync(ledger, key, 10, CancellationToken.None)));
        }
        return ids;
    }
}
