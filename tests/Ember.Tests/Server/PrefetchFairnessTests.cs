using Ember.InMemory;
using Ember.Storage;
using Ember.Tests.Support;
using Xunit.Abstractions;

namespace Ember.Tests.Server;

public class PrefetchFairnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_servers_on_a_backlog_of_50_ms_jobs_each_hold_about_their_workers_and_share_the_runs()
    {
        // The issue's case, scaled down: 3 servers of 20 workers, a backlog of 50 ms jobs. Prefetching is sized by the
        // measured rate (400 jobs/s per server) and the fetch time, and at most 250 ms of work: a server holds its
        // running jobs, as many finished ones whose outcome is being written, and a few claimed ahead; never a large
        // part of the backlog (its share is 600 here), so the others get theirs.
        const int servers = 3, workers = 20, jobs = 1800;
        var store = new InMemoryJobStore();
        var key = Signals.NewKey();
        var client = new BackgroundJobClient(store);
        for (var i = 0; i < jobs; i++) await client.EnqueueAsync(() => TestJobs.TakeTimeAsync(key, 50, null!));
        var harnesses = new List<ServerHarness>();
        for (var i = 0; i < servers; i++) harnesses.Add(await ServerHarness.StartAsync(o => o.WorkerCount = workers, store));
        try
        {
            var peak = new Dictionary<string, int>();
            while (Signals.Count(key) < jobs * 0.9)
            {
                var held = await store.Queries.GetJobsAsync(new JobListRequest(JobState.Processing, 0, jobs));
                foreach (var group in held.GroupBy(j => j.ServerId!))
                    peak[group.Key] = Math.Max(peak.GetValueOrDefault(group.Key), group.Count());
                await Task.Delay(20);
            }
            var ran = harnesses.Select(h => Signals.Count($"{key}:{h.Server.Id}")).ToArray();
            output.WriteLine($"peak held per server: {string.Join(", ", peak.Values)}; runs per server so far: {string.Join(", ", ran)}");

            const int aheadBound = 100; // 250 ms of work at 400 jobs/s
            Assert.All(peak.Values, held => Assert.InRange(held, 1, (2 * workers) + aheadBound));
            Assert.All(ran, count => Assert.True(count > Signals.Count(key) / servers / 2, $"runs per server: {string.Join(", ", ran)}"));
        }
        finally
        {
            foreach (var harness in harnesses) await harness.DisposeAsync();
        }
    }
}
