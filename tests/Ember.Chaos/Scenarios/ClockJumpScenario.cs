using Ember.Storage;
using System.Diagnostics;
using System.Globalization;

namespace Ember.Chaos.Scenarios;

/// <summary>
/// The wall clock of one of three servers (and of its store client, which stamps leases) jumps by
/// <paramref name="jump"/> three seconds into the run, as when NTP or an operator resets it. Leases are wall-clock
/// times in the store, so a jump larger than the lease makes the servers disagree about which leases expired: the
/// accounting shows what that costs (jobs rescued from live servers and run twice, each fenced), and that none is lost.
/// A jump well within the lease (<paramref name="strict"/>: 1 s against a 6 s lease, leaving room for a loaded machine's
/// stalls) must cost nothing: no job runs twice.
/// </summary>
public sealed class ClockJumpScenario(string name, TimeSpan jump, bool strict) : Scenario
{
    public override string Name => name;

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var jobs = await context.EnqueueSlowAsync("c", context.Profile.Jobs, context.Profile.JobMilliseconds * 3);
        using var cluster = strict ? context.Cluster("--lease-ms", "6000") : context.Cluster();
        var clock = Stopwatch.StartNew();
        await cluster.StartAsync(2);
        await cluster.StartAsync(1, "--clock-jump-ms", jump.TotalMilliseconds.ToString(CultureInfo.InvariantCulture), "--clock-jump-after-ms", "3000");
        var jumper = cluster.Servers[^1].Id;
        context.Log($"{jumper} jumps {jump.TotalSeconds:+0;-0} s at 3 s");
        var settled = await context.SettleAsync();
        await cluster.StopAllAsync();

        var result = new ScenarioResult();
        await result.Accounting.AddSucceedingAsync(context.Fixture.Store, Ledger.Read(context.Ledger), jobs, cluster.Died, allowDuplicates: !strict);
        var rescued = 0;
        var ranOnJumper = 0;
        foreach (var (_, id) in jobs)
        {
            var history = (await context.Fixture.Store.Queries.GetJobAsync(id))!.History;
            rescued += history.Count(h => h.Kind == HistoryKind.Rescued);
            if (history.Any(h => h.State == JobState.Processing && h.ServerId == jumper)) ranOnJumper++;
        }
        result.Figures.Add($"clock of one server jumped {jump.TotalSeconds:+0;-0} s (lease {(strict ? 6 : 2)} s): {rescued} rescues of live runs, {ranOnJumper} jobs ran on it; settled in {settled.TotalSeconds:0.0} s; {jobs.Count} jobs in {clock.Elapsed.TotalSeconds:0.0} s");
        return result;
    }
}
