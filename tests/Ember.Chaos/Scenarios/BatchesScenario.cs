using System.Diagnostics;
using Ember.Storage;
using Ember.TestServer;

namespace Ember.Chaos.Scenarios;

/// <summary>
/// Batches of 50 jobs (the profile's job count in all) each with a continuation, and fan-ins over ten batches'
/// continuations each, run by three servers that are killed again and again, or (<paramref name="storeRestart"/>)
/// while the store's server (PostgreSQL, Redis) is restarted twice: every batch finishes Succeeded, every continuation
/// and fan-in runs after all of its parents finished (none early), none is left Awaiting.
/// </summary>
public sealed class BatchesScenario(bool storeRestart = false) : Scenario
{
    private const int BatchSize = 50;
    private const int FanInWidth = 10;

    public override string Name => storeRestart ? "batches-store-restart" : "batches";

    public override IReadOnlyList<string> Stores => storeRestart ? ["postgres", "redis"] : base.Stores;

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ledger = context.Ledger;
        var client = context.Fixture.Client;
        var batches = new BatchJobClient(context.Fixture.Store);
        var jobs = new List<(string Key, string Id)>();
        var waitsFor = new Dictionary<string, string[]>(StringComparer.Ordinal); // continuation key -> the keys it waits for
        var batchIds = new List<string>();
        var continuations = new List<string>();
        for (var b = 0; b < Math.Max(1, context.Profile.Jobs / BatchSize); b++)
        {
            var keys = Enumerable.Range(0, BatchSize).Select(j => $"b{b}j{j}").ToArray();
            var created = await batches.CreateAsync(batch =>
            {
                foreach (var key in keys) batch.Enqueue(() => LedgerJobs.SlowAsync(ledger, key, context.Profile.JobMilliseconds, CancellationToken.None));
            }, $"chaos batch {b}");
            jobs.AddRange(keys.Zip(created.JobIds));
            batchIds.Add(created.BatchId);
            var doneKey = $"b{b}done";
            var done = await client.ContinueJobWithAsync(created.BatchId, () => LedgerJobs.SlowAsync(ledger, doneKey, context.Profile.JobMilliseconds, CancellationToken.None));
            jobs.Add((doneKey, done));
            waitsFor[doneKey] = keys;
            continuations.Add(doneKey);
        }
        var ids = jobs.ToDictionary(j => j.Key, j => j.Id, StringComparer.Ordinal);
        var groups = continuations.Chunk(FanInWidth).ToArray();
        for (var g = 0; g < groups.Length; g++)
        {
            var fanKey = $"fan{g}";
            var parents = groups[g];
            var fan = await client.ContinueJobWithAsync(parents.Select(k => ids[k]).ToArray(), () => LedgerJobs.SlowAsync(ledger, fanKey, context.Profile.JobMilliseconds, CancellationToken.None));
            jobs.Add((fanKey, fan));
            waitsFor[fanKey] = parents;
        }

        // Leases longer than a store outage: a server that can't renew keeps its runs unless the outage outlasts them.
        using var cluster = storeRestart ? context.Cluster("--lease-ms", "5000") : context.Cluster();
        var clock = Stopwatch.StartNew();
        await cluster.StartAsync(3);
        var faults = 0;
        if (storeRestart)
        {
            foreach (var fraction in new[] { 0.2, 0.5 })
            {
                await context.WaitForSucceededAsync((long)(jobs.Count * fraction), TimeSpan.FromMinutes(5));
                await context.Fixture.RestartStoreServerAsync(2, crash: false);
                context.Log($"restarted the {context.Store} server at {fraction:P0}");
                faults++;
            }
        }
        else
        {
            await context.KillWhileWorkRemainsAsync(cluster, jobs.Count, clock);
            faults = cluster.Kills;
        }
        var settled = await context.SettleAsync();
        await cluster.StopAllAsync();

        var result = new ScenarioResult();
        var store = context.Fixture.Store;
        await result.Accounting.AddSucceedingAsync(store, Ledger.Read(ledger), jobs, cluster.Died);
        var times = Ledger.Read(ledger, times: true);
        var early = 0;
        foreach (var (child, parents) in waitsFor)
        {
            var started = times.FirstStarted(child);
            foreach (var parent in parents)
            {
                var finished = times.FirstDone(parent);
                if (started is not null && finished is not null && started >= finished) continue;
                early++;
                result.Accounting.Violation($"{child} started at {started:HH:mm:ss.fff}, before its parent {parent} first finished at {finished:HH:mm:ss.fff}");
                break;
            }
        }
        var unfinished = 0;
        foreach (var batchId in batchIds)
        {
            var batch = await store.Queries.GetBatchAsync(batchId);
            if (batch is { State: BatchState.Succeeded, Succeeded: BatchSize, Pending: 0 }) continue;
            unfinished++;
            result.Accounting.Violation($"batch {batchId} is {batch?.State} with {batch?.Succeeded} of {BatchSize} succeeded");
        }
        if (faults == 0) result.Accounting.Violation("no server was killed: the jobs finished first, so the run proves nothing");
        result.Figures.Add($"{batchIds.Count} batches of {BatchSize} with a continuation each, {groups.Length} fan-ins of {FanInWidth}, {faults} {(storeRestart ? "store restarts" : "kills")}: " +
            $"{early} continuations started early, {unfinished} batches not Succeeded; settled {settled.TotalSeconds:0.0} s after the last fault; {clock.Elapsed.TotalSeconds:0.0} s in all");
        return result;
    }
}
