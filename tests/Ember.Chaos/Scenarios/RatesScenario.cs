using System.Diagnostics;
using System.Globalization;
using Ember.Storage;
using Ember.TestServer;

namespace Ember.Chaos.Scenarios;

/// <summary>
/// Rate limits under kill -9: jobs under two fixed-window keys (10 starts per 1 s window) and two token-bucket keys (10
/// per 5 s: a burst of 10, then 2 a second), all enqueued at once and interleaved, so that every claimed batch meets
/// keys with no permit left: the limits bind. Three servers, one killed again and again. Checked from the ledger's own
/// start times (independent of the store): no fixed window ever saw more than 10 starts of a key, no span of a token
/// bucket's starts exceeded what the bucket allows, each key's limit did bind, and every job ends Succeeded once the
/// dead servers' leases have lapsed.
/// </summary>
public sealed class RatesScenario : Scenario
{
    private const int Limit = 10;
    private static readonly TimeSpan FixedPeriod = TimeSpan.FromSeconds(1);
    // Five times the permits' hold at claim (1 s): a full bucket loses Hold / Period of its burst to the hold, the rest
    // of the rate none (RatePermitHolds).
    private static readonly TimeSpan BucketPeriod = TimeSpan.FromSeconds(5);
    // A bucket binds when some span of more than Limit starts came to at least this share of what it allows: an
    // unlimited cluster would have broken the bound, and a cluster too slow for the rate (the limit never binding)
    // stays near half of it.
    private const double BucketBindsAt = 0.75;

    public override string Name => "rates";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var profile = context.Profile;
        var ledger = context.Ledger;
        var limits = new Dictionary<string, RateLimitOptions>(StringComparer.Ordinal)
        {
            ["fixed:0"] = new("rates:fixed:0", Limit, FixedPeriod),
            ["fixed:1"] = new("rates:fixed:1", Limit, FixedPeriod),
            ["bucket:0"] = new("rates:bucket:0", Limit, BucketPeriod) { Algorithm = RateLimitAlgorithm.TokenBucket },
            ["bucket:1"] = new("rates:bucket:1", Limit, BucketPeriod) { Algorithm = RateLimitAlgorithm.TokenBucket },
        };
        // About ten seconds of starts for each key at its rate (short profile): 100 per fixed key, 30 per bucket.
        var perKey = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["fixed:0"] = profile.Jobs / 15, ["fixed:1"] = profile.Jobs / 15, ["bucket:0"] = profile.Jobs / 50, ["bucket:1"] = profile.Jobs / 50,
        };
        var rateOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var planned = new List<(string Job, string Limit)>();
        for (var i = 0; planned.Count < perKey.Values.Sum(); i++)
            foreach (var (name, count) in perKey)
                if (i < count) planned.Add(($"r{name.Replace(':', '-')}-{i}", name));
        using var cluster = context.Cluster();
        var clock = Stopwatch.StartNew();
        await cluster.StartAsync(3);
        // Cold servers: their first runs compile the run's path between the permit check and the method, which a
        // permit's hold must not depend on (the run confirms its permit on the method's doorstep, RunPermits).
        var jobs = new List<(string Key, string Id)>(planned.Count);
        foreach (var chunk in planned.Chunk(500))
        {
            var requests = chunk.Select(p =>
            {
                var key = p.Job;
                rateOf[key] = p.Limit;
                return new CreateJobRequest
                {
                    Job = Job.FromExpression(() => LedgerJobs.TimedAsync(ledger, key, profile.JobMilliseconds, CancellationToken.None)),
                    RateLimits = [limits[p.Limit]],
                };
            }).ToArray();
            var ids = await context.Fixture.Client.CreateAsync(requests);
            jobs.AddRange(chunk.Select(p => p.Job).Zip(ids));
        }

        await context.KillWhileWorkRemainsAsync(cluster, jobs.Count, clock);
        // The limits pace the work: at their rates the last jobs start this long after the first (a bucket's burst
        // aside), 15 s in the short profile and 100 s in the medium one, where that outlasts the kills and the
        // profile's settle window together (12 bucket jobs were still waiting for their tokens at its end).
        var paced = perKey.Max(p => TimeSpan.FromMilliseconds((double)p.Value / limits[p.Key].Limit * limits[p.Key].PeriodMilliseconds));
        var settled = await context.SettleAsync(Profile.SettleWindow + paced);
        var elapsed = clock.Elapsed;
        await cluster.StopAllAsync();

        var result = new ScenarioResult();
        await result.Accounting.AddSucceedingAsync(context.Fixture.Store, Ledger.Read(ledger), jobs, cluster.Died);
        if (cluster.Kills == 0) result.Accounting.Violation("no server was killed: the jobs finished first, so the run proves nothing");
        var (starts, unreadable) = Starts(ledger, rateOf);
        var figures = new List<string>();
        var idOf = jobs.ToDictionary(j => j.Key, j => j.Id, StringComparer.Ordinal);
        foreach (var (name, limit) in limits)
        {
            var runs = starts.GetValueOrDefault(name) ?? [];
            runs.Sort((x, y) => x.At.CompareTo(y.At));
            var violations = result.Accounting.Violations.Count;
            var times = runs.Select(r => r.At).ToList();
            figures.Add(limit.Algorithm == RateLimitAlgorithm.FixedWindow
                ? CheckFixedWindow(result.Accounting, limit, times)
                : CheckTokenBucket(result.Accounting, limit, times));
            if (result.Accounting.Violations.Count > violations)
            {
                // The fixed window's runs in its windows over the limit; all of a bucket's (a few tens).
                var period = limit.PeriodMilliseconds;
                var over = runs.GroupBy(r => r.At - (r.At % period)).Where(w => w.Count() > limit.Limit).Select(w => w.Key).ToHashSet();
                await ExplainAsync(context, result.Accounting, [.. runs.Where(r => limit.Algorithm != RateLimitAlgorithm.FixedWindow || over.Contains(r.At - (r.At % period)))], idOf);
            }
        }
        var putOff = 0;
        foreach (var (_, id) in jobs)
            putOff += (await context.Fixture.Store.Queries.GetJobAsync(id))?.History.Count(h => h.Kind == HistoryKind.RateLimited) ?? 0;
        result.Figures.Add($"{cluster.Kills} kills; {string.Join("; ", figures)}; {putOff} runs put off by a limit ({unreadable} starts cut short by a kill unread); " +
            $"all settled {settled.TotalSeconds:0.0} s after the last; {jobs.Count} limited jobs in {elapsed.TotalSeconds:0.0} s");
        return result;
    }

    // The start times of each limit's runs, from the ledger's "started" files (TimedAsync writes the time into them), a
    // run killed in between leaving one; a file cut short by a kill (created, not yet written) is left out and counted:
    // leaving a start out can only hide an excess, never invent one.
    private static (Dictionary<string, List<(string Job, string Pid, long At)>> Starts, int Unreadable) Starts(string ledger, Dictionary<string, string> rateOf)
    {
        var starts = new Dictionary<string, List<(string Job, string Pid, long At)>>(StringComparer.Ordinal);
        var unreadable = 0;
        foreach (var path in Directory.EnumerateFiles(ledger))
        {
            var parts = Path.GetFileName(path).Split('.');
            if (parts.Length < 3 || parts[1] != "started" || !rateOf.TryGetValue(parts[0], out var limit)) continue;
            if (!long.TryParse(File.ReadAllText(path), NumberStyles.None, CultureInfo.InvariantCulture, out var at))
            {
                unreadable++;
                continue;
            }
            (starts.TryGetValue(limit, out var list) ? list : starts[limit] = []).Add((parts[0], parts[2], at));
        }
        return (starts, unreadable);
    }

    // Each start of a limit that broke its promise, with its process and the store's history of the job (when it was
    // claimed, by which server, and each time a limit put it off): the evidence to tell a start that came after its
    // hold from a permit granted twice.
    private static async Task ExplainAsync(ScenarioContext context, Accounting accounting, List<(string Job, string Pid, long At)> runs, Dictionary<string, string> idOf)
    {
        foreach (var (job, pid, at) in runs)
        {
            var details = await context.Fixture.Store.Queries.GetJobAsync(idOf[job]);
            var history = details is null ? "gone" : string.Join(" | ", details.History
                .Where(h => h.Kind is HistoryKind.Fetched or HistoryKind.RateLimited or HistoryKind.Rescued)
                .Select(h => $"{h.Kind} {h.At:HH:mm:ss.fff}{(h.Kind == HistoryKind.Fetched ? " " + h.ServerId : "")}"));
            accounting.Violation($"  start of {job} at {DateTimeOffset.FromUnixTimeMilliseconds(at):HH:mm:ss.fff} in process {pid}; {history}");
        }
    }

    // A fixed window promises at most Limit starts per window, windows aligned on the Unix epoch. A permit taken at T
    // is held until V = T + hold, cut at the window's last millisecond, so a run started anywhere in its hold starts in
    // the window that counted it: starts are counted by the window their own time falls in.
    private static string CheckFixedWindow(Accounting accounting, RateLimitOptions limit, List<long> starts)
    {
        var period = limit.PeriodMilliseconds;
        var windows = starts.GroupBy(s => s - (s % period)).Select(w => (Window: w.Key, Count: w.Count())).ToList();
        var most = windows.Count == 0 ? 0 : windows.Max(w => w.Count);
        foreach (var (window, count) in windows.Where(w => w.Count > limit.Limit))
            accounting.Violation($"{limit}: {count} starts in the window from {DateTimeOffset.FromUnixTimeMilliseconds(window):HH:mm:ss.fff}");
        if (most < limit.Limit)
            accounting.Violation($"{limit}: no window saw {limit.Limit} starts (at most {most}): the limit never bound, so the run proves nothing");
        return $"{limit.Key} ({limit.Limit} per {period} ms window): {starts.Count} starts, at most {most} in a window of {windows.Count}";
    }

    // A token bucket promises at most Limit + Limit × d / Period starts in any span d. The store counts a held start at
    // the end of its hold (the bucket refills from there), the stricter end, so starts anywhere within their holds keep
    // the promise: checked over every span between two starts, in whole milliseconds as the store counts.
    private static string CheckTokenBucket(Accounting accounting, RateLimitOptions limit, List<long> starts)
    {
        long n = limit.Limit, period = limit.PeriodMilliseconds;
        var closest = 0.0;
        var worst = (Count: 0L, Span: 0L);
        for (var i = 0; i < starts.Count; i++)
        {
            for (var j = i + limit.Limit; j < starts.Count; j++)
            {
                long count = j - i + 1;
                var span = starts[j] - starts[i];
                // count <= n + n × span / period, in integers.
                if ((count - n) * period > n * span)
                    accounting.Violation($"{limit}: {count} starts within {span} ms from {DateTimeOffset.FromUnixTimeMilliseconds(starts[i]):HH:mm:ss.fff}; the bucket allows {n + (n * span / period)}");
                var share = count / (n + (n * (double)span / period));
                if (share > closest) (closest, worst) = (share, (count, span));
            }
        }
        if (closest < BucketBindsAt)
            accounting.Violation($"{limit}: no span of more than {n} starts came to {BucketBindsAt:P0} of what the bucket allows (at most {closest:P0}): the limit never bound, so the run proves nothing");
        return $"{limit.Key} ({n} per {period} ms bucket): {starts.Count} starts, closest span {worst.Count} starts in {worst.Span} ms ({closest:P0} of the bound)";
    }
}
