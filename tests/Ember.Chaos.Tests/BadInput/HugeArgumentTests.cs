using Ember.TestServer;

namespace Ember.Chaos.Tests.BadInput;

/// <summary>
/// A 4 MB argument is stored, fetched by a server process and passed to the job whole, once, on every store. With the
/// default 20 s lease: a fetch slower than the lease loses the job before its first renewal (see docs/guarantees.md;
/// a 16 MB argument takes 1-2 s to fetch here, longer than the 2 s lease the other process tests use).
/// </summary>
public sealed class HugeArgumentTests
{
    private const int Length = 4 << 20;

    [Theory]
    [MemberData(nameof(BadInputFixture.Stores), MemberType = typeof(BadInputFixture))]
    public async Task A_4_MB_argument_reaches_the_job_whole_and_the_server_goes_on(string store)
    {
        await using var fixture = await BadInputFixture.CreateAsync(store);
        var ledger = fixture.Ledger;
        var payload = new string('x', Length);
        var huge = await fixture.Client.EnqueueAsync(() => LedgerJobs.RecordLength(ledger, "huge", payload, Length));
        var after = await fixture.Client.EnqueueAsync(() => LedgerJobs.Record(ledger, "after"));

        using var server = await fixture.StartServerAsync("--lease-ms", "20000");

        var details = await BadInputFixture.WaitForStateAsync(fixture, huge, JobState.Succeeded, server);
        await BadInputFixture.WaitForStateAsync(fixture, after, JobState.Succeeded, server);
        Assert.True(LedgerJobs.Count(ledger, "huge", "done") == 1, $"{LedgerJobs.Count(ledger, "huge", "done")} runs: {Accounting.Describe(details)}\n{server.Output}");
    }
}
