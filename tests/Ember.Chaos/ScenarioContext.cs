using System.Diagnostics;
using Ember.ProcessTests;
using Ember.TestServer;

namespace Ember.Chaos;

/// <summary>What a scenario runs on: a private store and ledger, the profile, a log, and the waits every scenario needs.</summary>
public sealed class ScenarioContext(StoreProcessFixture fixture, string store, Profile profile, Action<string> log)
{
    // Short leases so that a killed server's jobs come back within seconds, as in the process tests.
    public static readonly string[] ServerArguments = ["--workers", "8", "--lease-ms", "2000", "--rescue-ms", "500"];

    public StoreProcessFixture Fixture { get; } = fixture;
    public string Store { get; } = store;
    public Profile Profile { get; } = profile;
    public string Ledger => Fixture.Ledger;

    public void Log(string line) => log(line);

    public Cluster Cluster(params string[] extra) => new(Fixture, [.. ServerArguments, .. extra]);

    /// <summary>Enqueues <paramref name="count"/> ledger jobs of <paramref name="milliseconds"/> each, in batches: key and id of each.</summary>
    public Task<List<(string Key, string Id)>> EnqueueSlowAsync(string prefix, int count, int milliseconds) =>
        EnqueueSlowAsync(prefix, count, _ => milliseconds);

    /// <summary>Enqueues <paramref name="count"/> ledger jobs, the i-th taking <paramref name="milliseconds"/>(i): key and id of each.</summary>
    public async Task<List<(string Key, string Id)>> EnqueueSlowAsync(string prefix, int count, Func<int, int> milliseconds)
    {
        var ledger = Ledger;
        var jobs = new List<(string, string)>(count);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(500))
        {
            var ids = await Fixture.Client.CreateAsync(chunk.Select(i => (Key: $"{prefix}{i}", Ms: milliseconds(i)))
                .Select(j => new CreateJobRequest { Job = Job.FromExpression(() => LedgerJobs.SlowAsync(ledger, j.Key, j.Ms, CancellationToken.None)) }).ToArray());
            jobs.AddRange(chunk.Select(i => $"{prefix}{i}").Zip(ids));
        }
        return jobs;
    }

    /// <summary>The state counts, or null while the store's server is unreachable (a restart scenario).</summary>
    public async Task<IReadOnlyDictionary<JobState, long>?> TryCountsAsync()
    {
        try
        {
            return await Fixture.Store.Queries.GetStateCountsAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>
    /// Kills one server of <paramref name="cluster"/> every KillEvery until the profile's kills are done or
    /// <paramref name="jobs"/> jobs have Succeeded, so that each kill lands on a busy server; logs each kill at its time
    /// on <paramref name="clock"/>.
    /// </summary>
    public async Task KillWhileWorkRemainsAsync(Cluster cluster, int jobs, Stopwatch clock)
    {
        while (cluster.Kills < Profile.Kills && (await TryCountsAsync())?[JobState.Succeeded] < jobs)
        {
            await Task.Delay(Profile.KillEvery);
            var victim = await cluster.KillOneAsync();
            Log($"killed {victim.Id} at {clock.Elapsed.TotalSeconds:0.0} s");
        }
    }

    /// <summary>Until at least <paramref name="count"/> jobs Succeeded.</summary>
    public Task WaitForSucceededAsync(long count, TimeSpan timeout) =>
        WaitUntilAsync(async () => (await TryCountsAsync())?[JobState.Succeeded] >= count, timeout, $"{count} jobs Succeeded");

    /// <summary>
    /// Until no job is Enqueued, Processing, Scheduled or Awaiting, or the settle window (the profile's, or
    /// <paramref name="window"/> for work paced by a limit) passed; returns how long it took. Not throwing on timeout:
    /// the accounting then names what was lost or stuck.
    /// </summary>
    public async Task<TimeSpan> SettleAsync(TimeSpan? window = null)
    {
        var clock = Stopwatch.StartNew();
        var settleWindow = window ?? Profile.SettleWindow;
        while (clock.Elapsed < settleWindow)
        {
            if (await TryCountsAsync() is { } counts && counts[JobState.Enqueued] + counts[JobState.Processing] + counts[JobState.Scheduled] + counts[JobState.Awaiting] == 0)
                return clock.Elapsed;
            await Task.Delay(100);
        }
        Log($"not settled after {settleWindow.TotalSeconds:0} s: {Format(await TryCountsAsync())}");
        return clock.Elapsed;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout) throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public static string Format(IReadOnlyDictionary<JobState, long>? counts) =>
        counts is null ? "store unreachable" : string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}"));
}
