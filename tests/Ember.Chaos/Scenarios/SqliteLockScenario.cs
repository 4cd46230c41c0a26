using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Ember.Chaos.Scenarios;

/// <summary>
/// The SQLite file write-locked by another process (this one, holding BEGIN EXCLUSIVE) for the profile's lock time,
/// twice, while three servers work: longer than the 2 s lease, so running jobs lose their leases.
/// </summary>
public sealed class SqliteLockScenario : Scenario
{
    public override string Name => "sqlite-lock";

    public override IReadOnlyList<string> Stores => ["sqlite"];

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var fixture = (SqliteChaosFixture)context.Fixture;
        var jobs = await context.EnqueueSlowAsync("l", context.Profile.Jobs, context.Profile.JobMilliseconds);
        using var cluster = context.Cluster();
        var clock = Stopwatch.StartNew();
        await cluster.StartAsync(3);
        foreach (var fraction in new[] { 0.2, 0.5 })
        {
            await context.WaitForSucceededAsync((long)(jobs.Count * fraction), TimeSpan.FromMinutes(5));
            await using var connection = new SqliteConnection($"Data Source={fixture.Database};Pooling=False");
            await connection.OpenAsync();
            await using (var begin = new SqliteCommand("BEGIN EXCLUSIVE", connection)) await begin.ExecuteNonQueryAsync();
            context.Log($"locked the file at {fraction:P0} for {context.Profile.LockFor.TotalSeconds:0} s");
            await Task.Delay(context.Profile.LockFor);
            await using (var commit = new SqliteCommand("COMMIT", connection)) await commit.ExecuteNonQueryAsync();
        }
        var settled = await context.SettleAsync();
        var exited = cluster.Servers.Count(s => s.HasExited);
        await cluster.StopAllAsync();

        var result = new ScenarioResult();
        await result.Accounting.AddSucceedingAsync(fixture.Store, Ledger.Read(context.Ledger), jobs, cluster.Died);
        if (exited > 0) result.Accounting.Violation($"{exited} server processes exited while the file was locked");
        result.Figures.Add($"2 locks of {context.Profile.LockFor.TotalSeconds:0} s; settled {settled.TotalSeconds:0.0} s after the last; {jobs.Count} jobs in {clock.Elapsed.TotalSeconds:0.0} s");
        return result;
    }
}
