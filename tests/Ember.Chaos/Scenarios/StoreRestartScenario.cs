using System.Diagnostics;

namespace Ember.Chaos.Scenarios;

/// <summary>
/// The store's own server (PostgreSQL, Redis) stopped and started again mid-run, twice: shut down cleanly, or with
/// <paramref name="crash"/> killed as if it had crashed (PostgreSQL's immediate stop, SIGKILL for Redis), so that it
/// starts with crash recovery (WAL replay, AOF replay).
/// </summary>
public sealed class StoreRestartScenario(bool crash) : Scenario
{
    public override string Name => crash ? "store-crash" : "store-restart";

    public override IReadOnlyList<string> Stores => ["postgres", "redis"];

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var jobs = await context.EnqueueSlowAsync("s", context.Profile.Jobs, context.Profile.JobMilliseconds);
        // Leases longer than the outage: a server that can't renew keeps its runs unless the outage outlasts the lease.
        using var cluster = context.Cluster("--lease-ms", "5000");
        var clock = Stopwatch.StartNew();
        await cluster.StartAsync(3);
        var restarts = new List<string>();
        foreach (var fraction in new[] { 0.2, 0.5 })
        {
            await context.WaitForSucceededAsync((long)(jobs.Count * fraction), TimeSpan.FromMinutes(5));
            var down = Stopwatch.StartNew();
            await context.Fixture.RestartStoreServerAsync(2, crash);
            restarts.Add($"at {fraction:P0} ({down.Elapsed.TotalSeconds:0.0} s down)");
            context.Log($"{(crash ? "crashed and restarted" : "restarted")} the {context.Store} server {restarts[^1]}");
        }
        var settled = await context.SettleAsync();
        var exited = cluster.Servers.Count(s => s.HasExited);
        await cluster.StopAllAsync();

        var result = new ScenarioResult();
        await result.Accounting.AddSucceedingAsync(context.Fixture.Store, Ledger.Read(context.Ledger), jobs, cluster.Died);
        if (exited > 0) result.Accounting.Violation($"{exited} server processes exited during the store restarts");
        result.Figures.Add($"restarts {string.Join(", ", restarts)}; settled {settled.TotalSeconds:0.0} s after the last; {jobs.Count} jobs in {clock.Elapsed.TotalSeconds:0.0} s");
        return result;
    }
}
