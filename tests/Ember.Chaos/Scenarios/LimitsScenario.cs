using System.Diagnostics;
using Ember.TestServer;

namespace Ember.Chaos.Scenarios;

/// <summary>
/// Concurrency limits under kill -9: the profile's jobs under 50 keys with a limit of 3 each, on three servers, one
/// killed again and again. The jobs are enqueued key by key (the oldest jobs all share a key), so every fetch meets
/// full keys: the limit binds. Checked from the ledger's own times (independent of the store): no key ever has more
/// than 3 runs going on at once, and every job ends Succeeded once the dead servers' leases have lapsed.
/// </summary>
public sealed class LimitsScenario : Scenario
{
    private const int Keys = 50;
    private const int Limit = 3;

    public override string Name => "limits";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var profile = context.Profile;
        var ledger = context.Ledger;
        var concurrencyKeyOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var jobs = new List<(string Key, string Id)>(profile.Jobs);
        foreach (var chunk in Enumerable.Range(0, profile.Jobs).Chunk(500))
        {
            var requests = chunk.Select(i =>
            {
                var key = $"l{i}";
                concurrencyKeyOf[key] = $"limits:{i * Keys / profile.Jobs}";
                return new CreateJobRequest
                {
                    Job = Job.FromExpression(() => LedgerJobs.SlowAsync(ledger, key, profile.JobMilliseconds, CancellationToken.None)),
                    Concurrency = new ConcurrencyLimit(concurrencyKeyOf[key], Limit),
                };
            }).ToArray();
            var ids = await context.Fixture.Client.CreateAsync(requests);
            jobs.AddRange(chunk.Select(i => $"l{i}").Zip(ids));
        }
        using var cluster = context.Cluster();
        var clock = Stopwatch.StartNew();
        await cluster.StartAsync(3);

        await context.KillWhileWorkRemainsAsync(cluster, jobs.Count, clock);
        var settled = await context.SettleAsync();
        await cluster.StopAllAsync();

        var result = new ScenarioResult();
        await result.Accounting.AddSucceedingAsync(context.Fixture.Store, Ledger.Read(ledger), jobs, cluster.Died);
        if (cluster.Kills == 0) result.Accounting.Violation("no server was killed: the jobs finished first, so the run proves nothing");
        var (most, key) = MostAtOnce(ledger, concurrencyKeyOf);
        if (most > Limit) result.Accounting.Violation($"key {key} had {most} runs at once; its limit is {Limit}");
        if (most < Limit) result.Accounting.Violation($"no key ever had {Limit} runs at once (at most {most}): the limit never bound, so the run proves nothing");
        result.Figures.Add($"{cluster.Kills} kills; at most {most} runs of a key at once (limit {Limit}, {Keys} keys); all settled {settled.TotalSeconds:0.0} s after the last; {jobs.Count} jobs in {clock.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    // Runs from the ledger's files ({key}.{started|done}.{pid}.{unique}), timed by their modification times (one kernel
    // clock for every process). A run's start pairs with the next done of the same job in the same process; a start
    // with none (its process was killed) ends at that process's last ledger write, when it was last seen alive: its
    // slot was held longer (until its lease lapsed), so this can only hide an overlap, never invent one.
    private static (int Most, string? Key) MostAtOnce(string ledger, Dictionary<string, string> concurrencyKeyOf)
    {
        var events = new List<(string Job, string Event, string Pid, DateTime At)>();
        foreach (var path in Directory.EnumerateFiles(ledger))
        {
            var parts = Path.GetFileName(path).Split('.');
            if (parts.Length < 3 || (parts[1] != "started" && parts[1] != "done")) continue;
            events.Add((parts[0], parts[1], parts[2], File.GetLastWriteTimeUtc(path)));
        }
        var lastSeen = events.GroupBy(e => e.Pid).ToDictionary(g => g.Key, g => g.Max(e => e.At));
        var runs = new List<(string Key, DateTime Start, DateTime End)>();
        foreach (var run in events.GroupBy(e => (e.Job, e.Pid)))
        {
            var starts = run.Where(e => e.Event == "started").Select(e => e.At).Order().ToList();
            var dones = run.Where(e => e.Event == "done").Select(e => e.At).Order().ToList();
            foreach (var start in starts)
            {
                var end = dones.FirstOrDefault(d => d >= start, DateTime.MinValue);
                if (end != DateTime.MinValue) dones.Remove(end);
                else end = lastSeen[run.Key.Pid];
                runs.Add((concurrencyKeyOf[run.Key.Job], start, end));
            }
        }
        var most = 0;
        string? mostKey = null;
        foreach (var key in runs.GroupBy(r => r.Key))
        {
            var now = 0;
            // An end at the same instant as a start frees first.
            foreach (var (_, delta) in key.SelectMany(r => new[] { (At: r.Start, Delta: 1), (At: r.End, Delta: -1) }).OrderBy(e => e.At).ThenBy(e => e.Delta))
            {
                now += delta;
                if (now > most) (most, mostKey) = (now, key.Key);
            }
        }
        return (most, mostKey);
    }
}
