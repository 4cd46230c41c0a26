using System.Diagnostics;

namespace Ember.Chaos.Scenarios;

/// <summary>kill -9 of one of three servers, again and again, while they work through the profile's jobs.</summary>
public sealed class KillScenario : Scenario
{
    public override string Name => "kill";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var profile = context.Profile;
        var jobs = await context.EnqueueSlowAsync("k", profile.Jobs, profile.JobMilliseconds);
        using var cluster = context.Cluster();
        var clock = Stopwatch.StartNew();
        await cluster.StartAsync(3);

        await context.KillWhileWorkRemainsAsync(cluster, jobs.Count, clock);
        var settled = await context.SettleAsync();
        await cluster.StopAllAsync();

        var result = new ScenarioResult();
        await result.Accounting.AddSucceedingAsync(context.Fixture.Store, Ledger.Read(context.Ledger), jobs, cluster.Died);
        if (cluster.Kills == 0) result.Accounting.Violation("no server was killed: the jobs finished first, so the run proves nothing");
        result.Figures.Add($"{cluster.Kills} kills; all settled {settled.TotalSeconds:0.0} s after the last; {jobs.Count} jobs in {clock.Elapsed.TotalSeconds:0.0} s");
        return result;
    }
}
