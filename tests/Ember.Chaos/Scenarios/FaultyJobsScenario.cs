using System.Diagnostics;
using Ember.TestServer;

namespace Ember.Chaos.Scenarios;

/// <summary>
/// Ordinary jobs mixed with jobs that throw, return a faulted task, hang past the 1 s job timeout, allocate a lot,
/// or crash their process with Environment.FailFast on their first run, and one that crashes it on every run. Each bad
/// job ends as it should (the poison job Failed once its runs were interrupted more than it allows), crashed servers are
/// replaced, and the ordinary jobs all succeed.
/// </summary>
public sealed class FaultyJobsScenario : Scenario
{
    private const int EachKind = 5;
    private const int FailFastJobs = 2;

    public override string Name => "faulty-jobs";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ledger = context.Ledger;
        var client = context.Fixture.Client;
        var normal = await context.EnqueueSlowAsync("n", context.Profile.Jobs / 4, context.Profile.JobMilliseconds);
        var megabytes = context.Profile.AllocateMegabytes;
        var bad = new List<(string Key, string Id, JobState Expected, Func<Ember.Storage.JobDetails, bool> Check, string What)>();
        for (var i = 0; i < EachKind; i++)
        {
            var (t, h, f, a) = ($"throw{i}", $"hang{i}", $"faulted{i}", $"alloc{i}");
            bad.Add((t, await client.EnqueueAsync(() => FaultyJobs.Throw(ledger, t)), JobState.Failed, d => d.Job.LastError?.Message.StartsWith("Planned failure", StringComparison.Ordinal) == true, "its exception"));
            bad.Add((h, await client.EnqueueAsync(() => FaultyJobs.HangAsync(ledger, h, CancellationToken.None)), JobState.Failed, d => d.Job.LastError?.Type == typeof(TimeoutException).FullName, "a TimeoutException"));
            bad.Add((f, await client.EnqueueAsync(() => FaultyJobs.FaultedAsync(ledger, f)), JobState.Failed, d => d.Job.LastError?.Message.StartsWith("Faulted synchronously", StringComparison.Ordinal) == true, "the task's exception"));
            bad.Add((a, await client.EnqueueAsync(() => FaultyJobs.Allocate(ledger, a, megabytes)), JobState.Succeeded, _ => true, "its run"));
        }
        var crashing = new List<(string Key, string Id)>();
        for (var i = 0; i < FailFastJobs; i++)
        {
            var key = $"failfast{i}";
            crashing.Add((key, await client.EnqueueAsync(() => FaultyJobs.FailFast(ledger, key, 1))));
        }

        const string poison = "poison";
        var poisonId = await client.EnqueueAsync(() => FaultyJobs.AlwaysFailFast(ledger, poison));
        bad.Add((poison, poisonId, JobState.Failed, d => d.Job.LastError?.Type == typeof(Ember.Retry.JobInterruptedException).FullName, "a JobInterruptedException after its one allowed interruption"));

        using var cluster = context.Cluster("--job-timeout-ms", "1000");
        var clock = Stopwatch.StartNew();
        await cluster.StartAsync(3);
        using var stop = new CancellationTokenSource();
        var watchdog = ReplaceCrashedAsync(cluster, context, stop.Token);
        var settled = await context.SettleAsync();
        await stop.CancelAsync();
        await watchdog;
        await cluster.StopAllAsync();

        var result = new ScenarioResult();
        var read = Ledger.Read(ledger);
        await result.Accounting.AddSucceedingAsync(context.Fixture.Store, read, [.. normal, .. crashing], cluster.Died);
        foreach (var job in bad) await result.Accounting.AddExpectedAsync(context.Fixture.Store, job.Key, job.Id, job.Expected, job.Check, job.What);
        foreach (var (key, id) in crashing)
            if (read.Started(key) < 2) result.Accounting.Violation($"job {id} ({key}) should have crashed its server once, then run again: {read.Started(key)} starts");
        // It allows one interruption: two interrupted runs at most, so a third start would mean interruptions aren't
        // counted. (Fewer starts are possible: a claim interrupted by another job's crash before it started counts too.)
        if (read.Started(poison) > 2) result.Accounting.Violation($"the poison job {poisonId} should have crashed at most 2 servers: {read.Started(poison)} starts");
        if (cluster.Crashes == 0) result.Accounting.Violation("no server crashed: Environment.FailFast did not run");
        result.Figures.Add($"{cluster.Crashes} servers crashed by FailFast and replaced; {bad.Count} bad jobs ({EachKind} each: throw, faulted task, hang past 1 s timeout, allocate {megabytes} MB; one crashing every run); settled in {settled.TotalSeconds:0.0} s; {clock.Elapsed.TotalSeconds:0.0} s in all");
        return result;
    }

    // A crashed server is replaced at once, as a process supervisor would.
    private static async Task ReplaceCrashedAsync(Cluster cluster, ScenarioContext context, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (await cluster.ReplaceCrashedAsync() is > 0 and var n) context.Log($"replaced {n} crashed servers");
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
