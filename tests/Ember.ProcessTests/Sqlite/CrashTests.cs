using Ember.Storage;
using Ember.TestServer;

namespace Ember.ProcessTests.Sqlite;

public sealed class CrashTests : IDisposable
{
    private readonly SqliteProcessFixture _fixture = new();

    [Fact]
    public async Task Jobs_of_a_server_killed_with_sigkill_are_rescued_and_completed_by_another_process()
    {
        var ledger = _fixture.Ledger;
        var slow = new List<string>();
        for (var i = 0; i < 4; i++) slow.Add(await _fixture.Client.EnqueueAsync(() => LedgerJobs.SlowAsync(ledger, $"slow{i}", 3000, CancellationToken.None)));
        var quick = new List<string>();
        for (var i = 0; i < 40; i++) quick.Add(await _fixture.Client.EnqueueAsync(() => LedgerJobs.Record(ledger, $"quick{i}")));

        using var doomed = await ServerProcess.StartAsync(_fixture.Database, "--workers", "4", "--lease-ms", "2000");
        await WaitForAsync(() => Enumerable.Range(0, 4).Sum(i => LedgerJobs.Count(ledger, $"slow{i}", "started")) >= 1, "a slow job to start");
        doomed.Kill();
        var killedAt = DateTime.UtcNow;

        using var survivor = await ServerProcess.StartAsync(_fixture.Database, "--workers", "4", "--lease-ms", "2000", "--rescue-ms", "500");
        var counts = await _fixture.WaitUntilAllSucceededAsync(44, TimeSpan.FromSeconds(30));

        Assert.Equal(0, counts[Ember.JobState.Processing]);
        Assert.True(DateTime.UtcNow - killedAt < TimeSpan.FromSeconds(30));
        var ids = slow.Concat(quick).ToList();
        var keys = Enumerable.Range(0, 4).Select(i => $"slow{i}").Concat(Enumerable.Range(0, 40).Select(i => $"quick{i}")).ToList();
        var duplicates = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            var runs = LedgerJobs.Count(ledger, keys[i], "done");
            Assert.True(runs >= 1, $"job {keys[i]} never completed");
            if (runs > 1)
            {
                duplicates++;
                // Only a job the killed server held may run twice.
                Assert.Contains(doomed.Id, await _fixture.ServersThatProcessedAsync(ids[i]));
            }
        }
        // The slow jobs the killed server started were rescued and finished on the survivor: at least the one seen starting.
        var rescued = 0;
        for (var i = 0; i < 4; i++)
        {
            if (LedgerJobs.Count(ledger, $"slow{i}", "started") < 2) continue;
            Assert.Equal([doomed.Id, survivor.Id], await _fixture.ServersThatProcessedAsync(slow[i]));
            rescued++;
        }
        Assert.InRange(rescued, 1, 4);
        Assert.True(duplicates <= 4, $"{duplicates} jobs ran twice; the killed server held at most 4");
    }

    [Fact]
    public async Task Sigterm_hands_unfinished_jobs_back_and_a_new_process_completes_them()
    {
        var ledger = _fixture.Ledger;
        var id = await _fixture.Client.EnqueueAsync(() => LedgerJobs.SlowAsync(ledger, "long", 60_000, CancellationToken.None));

        using (var first = await ServerProcess.StartAsync(_fixture.Database))
        {
            await WaitForAsync(() => LedgerJobs.Count(ledger, "long", "started") == 1, "the long job to start");
            Assert.Equal(0, await first.TerminateAsync());
        }

        var job = (await _fixture.Store.Queries.GetJobAsync(id))!;
        Assert.Equal(Ember.JobState.Enqueued, job.Job.State);
        Assert.Equal(HistoryKind.HandedBack, job.History[^1].Kind);
        Assert.Empty(await _fixture.Store.Queries.GetServersAsync());
    }

    [Fact]
    public async Task A_job_enqueued_while_no_server_runs_completes_when_one_starts_on_the_same_file()
    {
        var ledger = _fixture.Ledger;
        await _fixture.Client.EnqueueAsync(() => LedgerJobs.Record(ledger, "waiting"));

        using var server = await ServerProcess.StartAsync(_fixture.Database);

        await _fixture.WaitUntilAllSucceededAsync(1, TimeSpan.FromSeconds(15));
        Assert.Equal(1, LedgerJobs.Count(ledger, "waiting", "done"));
    }

    public void Dispose() => _fixture.Dispose();

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
