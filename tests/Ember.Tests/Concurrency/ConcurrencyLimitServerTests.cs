using Ember.Tests.Support;

namespace Ember.Tests.Concurrency;

// A server running jobs under limits: no key ever has more runs at once than its limit (from the runs' own start and
// end times), all jobs run, and a full key holds no worker back from the other keys.
public class ConcurrencyLimitServerTests
{
    [Fact]
    public async Task Jobs_of_50_keys_with_a_limit_of_3_never_run_more_than_3_at_once_per_key()
    {
        var run = Guid.NewGuid().ToString("N");
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 20);
        var ids = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var key = i % 50;
            var milliseconds = 1 + i % 7;
            ids.Add(harness.Client.Enqueue(() => ConcurrencyJobs.LimitedAsync(run, key, milliseconds)));
        }
        // And a hot key: 40 jobs of one key, claimed 3 at a time while the others go on.
        for (var i = 0; i < 40; i++) ids.Add(harness.Client.Enqueue(() => ConcurrencyJobs.LimitedAsync(run, 99, 2)));

        foreach (var id in ids) await harness.WaitForStateAsync(id, JobState.Succeeded, TimeSpan.FromSeconds(60));

        var runs = ConcurrencyJobs.RunsOf(run);
        Assert.Equal(440, runs.Count);
        Assert.InRange(ConcurrencyJobs.MostAtOnce(runs), 2, 3);
        Assert.InRange(ConcurrencyJobs.MostAtOnce(runs.Where(r => r.Key == 99)), 1, 3);
    }

    [Fact]
    public async Task A_freed_slot_wakes_the_server_without_waiting_for_its_poll()
    {
        var run = Guid.NewGuid().ToString("N");
        // A poll of a minute: only the store's notification of the freed slot can start the next job in time.
        await using var harness = await ServerHarness.StartAsync(o => { o.WorkerCount = 4; o.PollInterval = TimeSpan.FromMinutes(1); });
        var ids = Enumerable.Range(0, 8).Select(_ => harness.Client.Enqueue(() => ConcurrencyJobs.LimitedAsync(run, 1, 20))).ToList();

        foreach (var id in ids) await harness.WaitForStateAsync(id, JobState.Succeeded, TimeSpan.FromSeconds(20));

        Assert.Equal(8, ConcurrencyJobs.RunsOf(run).Count);
        Assert.InRange(ConcurrencyJobs.MostAtOnce(ConcurrencyJobs.RunsOf(run)), 1, 3);
    }
}
