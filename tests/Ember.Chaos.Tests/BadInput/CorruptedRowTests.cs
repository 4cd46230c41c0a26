using Ember.TestServer;

namespace Ember.Chaos.Tests.BadInput;

/// <summary>
/// Job rows (SQLite, PostgreSQL) and keys (Redis) overwritten by hand with an invocation that isn't JSON, one naming a
/// method that doesn't exist, and a state no Ember writes: each bad job is failed with the reason or left alone, and the
/// server goes on with the others. Keys of the wrong Redis type: see Ember.Redis.Tests/RedisBadInputTests.
/// </summary>
public sealed class CorruptedRowTests
{
    [Theory]
    [MemberData(nameof(BadInputFixture.Stores), MemberType = typeof(BadInputFixture))]
    public async Task Hand_corrupted_jobs_fail_with_the_reason_and_the_server_goes_on(string store)
    {
        await using var fixture = await BadInputFixture.CreateAsync(store);
        var ledger = fixture.Ledger;
        var garbage = await fixture.Client.EnqueueAsync(() => LedgerJobs.Record(ledger, "garbage"));
        var noMethod = await fixture.Client.EnqueueAsync(() => LedgerJobs.Record(ledger, "nomethod"));
        var badState = await fixture.Client.EnqueueAsync(() => LedgerJobs.Record(ledger, "badstate"));
        var after = await fixture.Client.EnqueueAsync(() => LedgerJobs.Record(ledger, "after"));
        await StoreSurgery.SetInvocationAsync(fixture, garbage, "not json at all");
        var invocation = (await fixture.Store.Queries.GetJobAsync(noMethod))!.Job.Invocation;
        await StoreSurgery.SetInvocationAsync(fixture, noMethod, invocation.Replace("\"Record\"", "\"Vanished\"", StringComparison.Ordinal));
        await StoreSurgery.SetStateAsync(fixture, badState, "Bogus");

        using var server = await fixture.StartServerAsync();

        var notJson = await BadInputFixture.WaitForStateAsync(fixture, garbage, JobState.Failed, server);
        Assert.StartsWith("Could not load the job", notJson.History[^1].Reason, StringComparison.Ordinal);
        var missing = await BadInputFixture.WaitForStateAsync(fixture, noMethod, JobState.Failed, server);
        Assert.Contains("Vanished", missing.Job.LastError!.Message, StringComparison.Ordinal);
        await BadInputFixture.WaitForStateAsync(fixture, after, JobState.Succeeded, server);
        Assert.Equal(0, LedgerJobs.Count(ledger, "garbage", "done") + LedgerJobs.Count(ledger, "nomethod", "done") + LedgerJobs.Count(ledger, "badstate", "done"));
        Assert.False(server.HasExited);
        // The row in a state no Ember writes is never run; reading it names the problem rather than guessing a state.
        var read = await Record.ExceptionAsync(() => fixture.Store.Queries.GetJobAsync(badState));
        Console.WriteLine($"{store}: reading a job in state 'Bogus': {read?.GetType().Name}: {read?.Message}");
    }
}
