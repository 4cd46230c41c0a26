using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Ember.Storage;
using Ember.TestServer;

namespace Ember.Chaos.Scenarios;

/// <summary>
/// The profile's recurring jobs, each firing every second, across three servers for the profile's time, with one
/// server killed halfway. Each tick must fire exactly once: one job per (recurring job, occurrence), no second between
/// the first and last occurrence skipped, and each job run once (a second run only after a kill or a lost lease).
/// </summary>
public sealed partial class RecurringScenario : Scenario
{
    public override string Name => "recurring";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var store = context.Fixture.Store;
        var ledger = context.Ledger;
        var manager = new RecurringJobManager(store);
        var count = context.Profile.RecurringJobs;
        using var cluster = context.Cluster();
        await cluster.StartAsync(3);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var key = $"r{i}";
            // RunAll: a tick the schedulers reach late still fires, on its own (RunOnce would fold late ticks into one).
            await manager.AddOrUpdateAsync(key, Job.FromExpression(() => LedgerJobs.Record(ledger, key)), "* * * * * *", new RecurringJobOptions { MisfireHandling = MisfireHandlingMode.RunAll });
        }
        await Task.Delay(context.Profile.RecurringFor / 2);
        var victim = await cluster.KillOneAsync();
        context.Log($"killed {victim.Id} halfway");
        await Task.Delay(context.Profile.RecurringFor / 2);
        for (var i = 0; i < count; i++) await manager.RemoveIfExistsAsync($"r{i}");
        var firing = clock.Elapsed;
        var settled = await context.SettleAsync();
        await cluster.StopAllAsync();

        var result = new ScenarioResult();
        var read = Ledger.Read(ledger);
        var jobs = await AllJobsAsync(store);
        var ticks = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal);
        var excused = new HashSet<string>(StringComparer.Ordinal);
        var lateness = new List<double>();
        foreach (var job in jobs)
        {
            if (job.Job.State != JobState.Succeeded) result.Accounting.Violation($"job {job.Job.Id} ended {job.Job.State}");
            var match = OccurrenceReason().Match(job.History[0].Reason ?? "");
            if (!match.Success)
            {
                result.Accounting.Violation($"job {job.Job.Id} has no recurring occurrence in its reason: {job.History[0].Reason}");
                continue;
            }
            var id = match.Groups[1].Value;
            var occurrence = DateTimeOffset.ParseExact(match.Groups[2].Value, "u", CultureInfo.InvariantCulture);
            (ticks.TryGetValue(id, out var list) ? list : ticks[id] = []).Add(occurrence);
            lateness.Add((job.Job.CreatedAt - occurrence).TotalSeconds);
            if (Accounting.Excused(job, cluster.Died)) excused.Add(id);
        }
        int fired = 0, twice = 0, missed = 0, extraRuns = 0;
        foreach (var (id, occurrences) in ticks)
        {
            fired += occurrences.Count;
            twice += occurrences.Count - occurrences.Distinct().Count();
            var distinct = occurrences.Distinct().Order().ToArray();
            var skipped = (int)(distinct[^1] - distinct[0]).TotalSeconds + 1 - distinct.Length;
            if (skipped > 0) result.Accounting.Violation($"recurring job {id} skipped {skipped} ticks: fired {string.Join(" ", distinct.Select(d => d.ToString("HH:mm:ss", CultureInfo.InvariantCulture)))}");
            missed += skipped;
            var runs = read.Done(id) - occurrences.Count;
            if (runs < 0) result.Accounting.Violation($"recurring job {id}: {occurrences.Count} jobs but only {read.Done(id)} runs in the ledger");
            if (runs > 0 && !excused.Contains(id)) result.Accounting.Violation($"recurring job {id}: {runs} extra runs with no dead server or rescue in its jobs' histories");
            extraRuns += Math.Max(runs, 0);
        }
        if (ticks.Count != count) result.Accounting.Violation($"{ticks.Count} of {count} recurring jobs fired");
        if (twice > 0) result.Accounting.Violation($"{twice} ticks fired more than once");
        var perJob = ticks.Values.Select(t => t.Count).DefaultIfEmpty().ToArray();
        result.Figures.Add($"{count} recurring jobs every second for {firing.TotalSeconds:0} s on 3 servers, one killed halfway: {fired} ticks fired " +
            $"({perJob.Min()}-{perJob.Max()} per job), {twice} fired twice, {missed} skipped, {extraRuns} extra runs (after the kill); " +
            $"created {lateness.DefaultIfEmpty().Average():0.00} s after their tick on average, {lateness.DefaultIfEmpty().Max():0.00} s at most; settled in {settled.TotalSeconds:0.0} s");
        return result;
    }

    private static async Task<List<JobDetails>> AllJobsAsync(IJobStore store)
    {
        var all = new List<JobDetails>();
        foreach (var state in new[] { JobState.Succeeded, JobState.Failed, JobState.Deleted, JobState.Enqueued, JobState.Processing })
            for (var offset = 0; ; offset += 500)
            {
                var page = await store.Queries.GetJobsAsync(new JobListRequest(state, offset, 500));
                foreach (var job in page) all.Add((await store.Queries.GetJobAsync(job.Id))!);
                if (page.Count < 500) break;
            }
        return all;
    }

    [GeneratedRegex(@"^Recurring job (\S+) \(.*\) for (.+)$")]
    private static partial Regex OccurrenceReason();
}
