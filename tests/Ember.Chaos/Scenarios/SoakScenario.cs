using System.Diagnostics;
using Ember.TestServer;

namespace Ember.Chaos.Scenarios;

/// <summary>
/// The profile's soak jobs (no-ops) through three servers, enqueued as they are consumed (at most 20,000 waiting), with
/// finished jobs expiring after the profile's soak expiry (30 s; 5 s in the short profile). Reports each server's working set at 10%, 50% and 100%, throughput over time,
/// and the store's size, to show that memory stays flat, throughput doesn't decay and expiry keeps the tables small.
/// The ledger isn't used (a million files); the other scenarios check exactly-once, this one checks nothing is left.
/// </summary>
public sealed class SoakScenario : Scenario
{
    private const int Batch = 1000;
    private const int Servers = 3;
    private const int Workers = 20;
    private const int MaxBacklog = 20_000;
    private static readonly TimeSpan Sample = TimeSpan.FromSeconds(5);

    public override string Name => "soak";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var total = context.Profile.SoakJobs;
        var result = new ScenarioResult();
        var expiry = context.Profile.SoakExpiry;
        using var cluster = context.Cluster("--workers", $"{Workers}", "--expire-ms", Ms(expiry), "--prune-ms", Ms(expiry / 5));
        await cluster.StartAsync(Servers);
        var clock = Stopwatch.StartNew();
        long enqueued = 0, processed = 0, lastProcessed = 0, peakHeld = 0;
        var lastSample = TimeSpan.Zero;
        var rates = new List<double>();
        var milestones = new Queue<double>([0.1, 0.5, 1.0]);
        var job = Job.FromExpression(() => FaultyJobs.Noop());
        while (processed < total)
        {
            var counts = await context.TryCountsAsync() ?? throw new InvalidOperationException("The store stopped answering during the soak.");
            processed = enqueued - counts[JobState.Enqueued] - counts[JobState.Processing];
            peakHeld = Math.Max(peakHeld, counts[JobState.Processing]);
            if (counts[JobState.Failed] > 0) result.Accounting.Violation($"{counts[JobState.Failed]} no-op jobs Failed");
            if (enqueued < total && enqueued - processed < MaxBacklog)
            {
                var size = (int)Math.Min(Batch, total - enqueued);
                await context.Fixture.Client.CreateAsync(Enumerable.Repeat(new CreateJobRequest { Job = job }, size).ToArray());
                enqueued += size;
                continue;
            }
            if (clock.Elapsed - lastSample >= Sample)
            {
                rates.Add((processed - lastProcessed) / (clock.Elapsed - lastSample).TotalSeconds);
                (lastProcessed, lastSample) = (processed, clock.Elapsed);
            }
            while (milestones.Count > 0 && processed >= milestones.Peek() * total)
            {
                var at = milestones.Dequeue();
                var memory = string.Join(", ", cluster.Servers.Select(s => WorkingSet.Of(s.ProcessId).ToString()));
                result.Figures.Add($"at {at:P0} ({processed:N0} jobs, {clock.Elapsed.TotalSeconds:0} s): servers {memory}; store {await StoreSize.BytesAsync(context.Fixture) / 1048576.0:0.0} MB");
                context.Log(result.Figures[^1]);
            }
            await Task.Delay(50);
        }
        var elapsed = clock.Elapsed;
        await context.SettleAsync();
        // One more expiry and prune cycle: what the tables shrink back to.
        await Task.Delay(expiry * 1.4);
        var finalSize = await StoreSize.BytesAsync(context.Fixture);
        var remaining = await context.TryCountsAsync();
        await cluster.StopAllAsync();

        // A server holds a job from its fetch until its outcome is written: claimed ahead of its workers (at most the
        // idle workers plus MaxPrefetchedJobs), running, or finished and waiting for its write (at most the workers
        // plus MaxPrefetchedJobs before the workers stop taking jobs; WorkerPool.RunAsync).
        var prefetched = new ServerOptions().MaxPrefetchedJobs;
        var heldBound = Servers * ((3 * Workers) + (2 * prefetched));
        if (peakHeld > heldBound) result.Accounting.Violation($"{peakHeld} jobs held in Processing at once by {Servers} servers of {Workers} workers (at most {heldBound} allowed)");
        if (remaining is null || remaining[JobState.Enqueued] + remaining[JobState.Processing] + remaining[JobState.Failed] > 0)
            result.Accounting.Violation($"jobs left after the soak: {ScenarioContext.Format(remaining)}");
        result.Accounting.AddUntracked((int)enqueued, remaining is null ? 0 : (int)(enqueued - remaining[JobState.Enqueued] - remaining[JobState.Processing] - remaining[JobState.Failed]));
        var third = Math.Max(1, rates.Count / 3);
        result.Figures.Add($"at most {peakHeld} jobs in Processing at once ({Servers * Workers} workers)");
        result.Figures.Add($"{total:N0} jobs in {elapsed.TotalSeconds:0} s: {total / elapsed.TotalSeconds:0} jobs/s; first third {rates.Take(third).DefaultIfEmpty().Average():0} jobs/s, " +
            $"last third {rates.TakeLast(third).DefaultIfEmpty().Average():0} jobs/s; every {Sample.TotalSeconds:0} s: {string.Join(" ", rates.Select(r => r.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}");
        result.Figures.Add($"store {finalSize / 1048576.0:0.0} MB {expiry.TotalSeconds * 1.4:0} s after the end (jobs expire after {expiry.TotalSeconds:0} s); left: {ScenarioContext.Format(remaining)}");
        return result;
    }

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
