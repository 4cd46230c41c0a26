using Ember.TestServer;

namespace Ember.Chaos.Tests.BadInput;

/// <summary>
/// An argument just under the stores' default size limit (4 MiB, MaxInvocationBytes; a larger one is refused at enqueue,
/// see the conformance suite) is stored, fetched by a server process and passed to the job whole, once, on every store. With the
/// default 20 s lease: a fetch slower than the lease loses the job before its first renewal (see docs/guarantees.md;
/// a 16 MB argument takes 1-2 s to fetch here, longer than the 2 s lease the other process tests use).
/// </summary>
public sealed class HugeArgumentTests
{
    // The invocation holds the argument plus the type and method names: 64 KiB leaves room for them under the limit.
    private const int Length = (4 << 20) - (64 << 10);

    [Theory]
    [MemberData(nameof(BadInputFixture.Stores), MemberType = typeof(BadInputFixture))]
    public async Task An_argument_just_under_the_4_MiB_limit_reaches_the_job_whole_and_the_server_goes_on(string store)
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
