using Ember.TestServer;

namespace Ember.ProcessTests.Sqlite;

public sealed class SharedFileTests : IDisposable
{
    private readonly SqliteProcessFixture _fixture = new();

    [Fact]
    public async Task Two_server_processes_on_one_file_run_every_job_exactly_once()
    {
        using var first = await ServerProcess.StartAsync(_fixture.Database, "--workers", "8");
        using var second = await ServerProcess.StartAsync(_fixture.Database, "--workers", "8");
        var ledger = _fixture.Ledger;

        var requests = Enumerable.Range(0, 600).Select(i => new CreateJobRequest { Job = Job.FromExpression(() => LedgerJobs.Record(ledger, $"job{i}")) }).ToArray();
        var ids = new List<string>();
        foreach (var chunk in requests.Chunk(50))
        {
            ids.AddRange(await _fixture.Client.CreateAsync(chunk));
            await Task.Delay(20); // a trickle, so both servers are polling while jobs arrive
        }

        await _fixture.WaitUntilAllSucceededAsync(600, TimeSpan.FromSeconds(60));
        for (var i = 0; i < 600; i++) Assert.Equal(1, LedgerJobs.Count(ledger, $"job{i}", "done"));
        var servers = new HashSet<string>();
        foreach (var id in ids) servers.UnionWith(await _fixture.ServersThatProcessedAsync(id));
        // Both processes took part: the claim really is shared, not won by whoever started first.
        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), servers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Two_server_processes_on_one_file_fire_each_recurring_tick_once()
    {
        using var first = await ServerProcess.StartAsync(_fixture.Database);
        using var second = await ServerProcess.StartAsync(_fixture.Database);
        var ledger = _fixture.Ledger;
        var manager = new RecurringJobManager(_fixture.Store);

        await manager.AddOrUpdateAsync("tick", Job.FromExpression(() => LedgerJobs.Record(ledger, "tick")), "* * * * * *");
        await WaitUntilAsync(async () => (await _fixture.Store.Queries.GetStateCountsAsync())[JobState.Succeeded] >= 5);
        await manager.RemoveIfExistsAsync("tick");
        var counts = await _fixture.WaitUntilSettledAsync();

        // One job per second-tick: every job's reason names a distinct occurrence, and each ran once.
        var jobs = await _fixture.Store.Queries.GetJobsAsync(new Storage.JobListRequest(JobState.Succeeded, 0, 1000));
        var occurrences = new List<string>();
        foreach (var job in jobs) occurrences.Add((await _fixture.Store.Queries.GetJobAsync(job.Id))!.History[0].Reason!);
        Assert.Equal(occurrences.Count, occurrences.Distinct().Count());
        Assert.Equal(counts[JobState.Succeeded], LedgerJobs.Count(ledger, "tick", "done"));
    }

    public void Dispose() => _fixture.Dispose();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Condition not met within 30 s.");
            await Task.Delay(50);
        }
    }
}
