using Ember.ProcessTests;
using Ember.Storage;

namespace Ember.Chaos.Tests.BadInput;

/// <summary>Waits on one job of a store fixture, and the stores every bad-input row is tried on.</summary>
public static class BadInputFixture
{
    public static TheoryData<string> Stores => new(StoreKinds.All);

    public static async Task<JobDetails> WaitForStateAsync(StoreProcessFixture fixture, string id, JobState state, ServerProcess server)
    {
        JobDetails? details = null;
        await ScenarioContext.WaitUntilAsync(async () => (details = await fixture.Store.Queries.GetJobAsync(id))?.Job.State == state,
            TimeSpan.FromSeconds(60), $"job {id} to be {state} (it is {details?.Job.State}); server output:\n{server.Output}");
        return details!;
    }
}
