using Ember.Invocations;
using Ember.TestServer;

namespace Ember.Chaos.Tests.BadInput;

/// <summary>
/// A job of a type the server process doesn't have (it lives in this test assembly only): what a deployment that
/// removed a job class leaves in the store. It fails at once with the reason, and the server goes on.
/// </summary>
public sealed class RemovedTypeTests
{
    [Theory]
    [MemberData(nameof(BadInputFixture.Stores), MemberType = typeof(BadInputFixture))]
    public async Task A_job_whose_type_is_gone_fails_with_the_reason_and_the_server_goes_on(string store)
    {
        await using var fixture = await BadInputFixture.CreateAsync(store);
        var ledger = fixture.Ledger;
        var gone = await fixture.Client.EnqueueAsync(() => RemovedJobs.Run());
        var after = await fixture.Client.EnqueueAsync(() => LedgerJobs.Record(ledger, "after"));

        using var server = await fixture.StartServerAsync();

        var failed = await BadInputFixture.WaitForStateAsync(fixture, gone, JobState.Failed, server);
        Assert.Equal(typeof(JobLoadException).FullName, failed.Job.LastError!.Type);
        Assert.Contains($"'{typeof(RemovedJobs).FullName}, Ember.Chaos.Tests' could not be loaded", failed.Job.LastError.Message, StringComparison.Ordinal);
        Assert.StartsWith("Could not load the job", failed.History[^1].Reason, StringComparison.Ordinal);
        Assert.Equal(1, failed.Job.Attempt); // failed at once, not retried
        await BadInputFixture.WaitForStateAsync(fixture, after, JobState.Succeeded, server);
        Assert.False(server.HasExited);
    }
}

/// <summary>A job class the test server doesn't have.</summary>
public static class RemovedJobs
{
    public static void Run()
    {
    }
}
