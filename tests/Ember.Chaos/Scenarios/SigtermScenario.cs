using Ember.Storage;
using System.Diagnostics;
using Ember.TestServer;

namespace Ember.Chaos.Scenarios;

/// <summary>
/// SIGTERM of a server while it runs long jobs (1 to 4 s), again and again. With a 1.5 s shutdown timeout, the jobs near their
/// end finish and the others are handed back; none may be lost, and none may run twice (no server dies).
/// </summary>
public sealed class SigtermScenario : Scenario
{
    // 1 to 4 s, spread so that the runs are out of step and a SIGTERM finds some near their end and some far from it.
    private static int LongJobMilliseconds(int i) => 1000 + i * 397 % 3000;

    public override string Name => "sigterm";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var profile = context.Profile;
        var jobs = await context.EnqueueSlowAsync("t", profile.Jobs / 25, LongJobMilliseconds);
        using var cluster = context.Cluster("--shutdown-ms", "1500");
        var clock = Stopwatch.StartNew();
        await cluster.StartAsync(3);
        var exitCodes = new List<int>();
        while (exitCodes.Count < profile.Kills && (await context.TryCountsAsync())?[JobState.Succeeded] < jobs.Count)
        {
            await Task.Delay(profile.KillEvery);
            exitCodes.Add(await cluster.TerminateOneAsync());
        }
        var settled = await context.SettleAsync();
        await cluster.StopAllAsync();

        var result = new ScenarioResult();
        var ledger = Ledger.Read(context.Ledger);
        await result.Accounting.AddSucceedingAsync(context.Fixture.Store, ledger, jobs, cluster.Died, allowDuplicates: false);
        if (exitCodes.Any(code => code != 0)) result.Accounting.Violation($"a server stopped by SIGTERM exited with {string.Join(", ", exitCodes)}");
        int handedBack = 0, rescued = 0;
        foreach (var (_, id) in jobs)
        {
            var details = (await context.Fixture.Store.Queries.GetJobAsync(id))!;
            handedBack += details.History.Count(h => h.Kind == HistoryKind.HandedBack);
            // A rescue means a run's lease lapsed: its server stalled, or stopped without writing the run's outcome.
            var rescues = details.History.Count(h => h.Kind == HistoryKind.Rescued);
            if (rescues > 0) context.Log($"job {id} rescued: {Accounting.Describe(details)}");
            rescued += rescues;
        }
        var restarted = jobs.Count(j => ledger.Started(j.Key) > 1);
        if (handedBack == 0) result.Accounting.Violation("no job was handed back: no SIGTERM hit a running job, so the run proves nothing");
        result.Figures.Add($"{exitCodes.Count} SIGTERMs (exit codes {string.Join(",", exitCodes.Distinct())}); {handedBack} runs handed back, {rescued} rescued, {restarted} jobs started again; settled {settled.TotalSeconds:0.0} s after the last; {clock.Elapsed.TotalSeconds:0.0} s in all");
        return result;
    }
}
