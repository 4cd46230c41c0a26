using System.Diagnostics;
using Ember.TestServer;

namespace Ember.Chaos.Scenarios;

/// <summary>
/// A chain of continuations (the profile's depth) and a parent with the profile's fan-out of continuations, run by
/// three servers that are killed again and again: every continuation runs after its parent Succeeded, none is left
/// Awaiting.
/// </summary>
public sealed class ContinuationsScenario : Scenario
{
    private const int ChainJobMilliseconds = 150;
    private const int FanParentMilliseconds = 2000;

    public override string Name => "continuations";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ledger = context.Ledger;
        var client = context.Fixture.Client;
        var parents = new Dictionary<string, string>(StringComparer.Ordinal); // job id -> its parent's id
        var jobs = new List<(string Key, string Id)>();
        string? previous = null;
        for (var i = 0; i < context.Profile.ChainDepth; i++)
        {
            var key = $"chain{i}";
            var id = (await client.CreateAsync([new CreateJobRequest { Job = Job.FromExpression(() => LedgerJobs.SlowAsync(ledger, key, ChainJobMilliseconds, CancellationToken.None)), ParentId = previous }]))[0];
            if (previous is not null) parents[id] = previous;
            jobs.Add((key, previous = id));
        }
        var fanParent = await client.EnqueueAsync(() => LedgerJobs.SlowAsync(ledger, "fan", FanParentMilliseconds, CancellationToken.None));
        jobs.Add(("fan", fanParent));
        var fanKeys = Enumerable.Range(0, context.Profile.FanOut).Select(i => $"fan{i}").ToArray();
        foreach (var chunk in fanKeys.Chunk(500))
        {
            var ids = await client.CreateAsync(chunk.Select(key => new CreateJobRequest { Job = Job.FromExpression(() => LedgerJobs.SlowAsync(ledger, key, context.Profile.JobMilliseconds, CancellationToken.None)), ParentId = fanParent }).ToArray());
            foreach (var (key, id) in chunk.Zip(ids))
            {
                parents[id] = fanParent;
                jobs.Add((key, id));
            }
        }

        using var cluster = context.Cluster();
        var clock = Stopwatch.StartNew();
        await cluster.StartAsync(3);
        await context.KillWhileWorkRemainsAsync(cluster, jobs.Count, clock);
        var settled = await context.SettleAsync();
        await cluster.StopAllAsync();

        var result = new ScenarioResult();
        var store = context.Fixture.Store;
        await result.Accounting.AddSucceedingAsync(store, Ledger.Read(ledger), jobs, cluster.Died);
        var keys = jobs.ToDictionary(j => j.Id, j => j.Key, StringComparer.Ordinal);
        // Ordered by the ledger's file times (one kernel clock), not the history's: each server stamps history with its
        // clock read before its round trip, so across servers those stamps can be out of order by a round trip.
        var times = Ledger.Read(ledger, times: true);
        var early = 0;
        foreach (var (child, parent) in parents)
        {
            var started = times.FirstStarted(keys[child]);
            var finished = times.FirstDone(keys[parent]);
            if (started is not null && finished is not null && started >= finished) continue;
            early++;
            result.Accounting.Violation($"continuation {child} ({keys[child]}) started at {started:HH:mm:ss.fff}, before its parent {parent} first finished at {finished:HH:mm:ss.fff}");
        }
        if (cluster.Kills == 0) result.Accounting.Violation("no server was killed: the jobs finished first, so the run proves nothing");
        result.Figures.Add($"chain of {context.Profile.ChainDepth} and fan-out of {context.Profile.FanOut}, {cluster.Kills} kills: {early} continuations started early; settled {settled.TotalSeconds:0.0} s after the last kill; {clock.Elapsed.TotalSeconds:0.0} s in all");
        return result;
    }
}
