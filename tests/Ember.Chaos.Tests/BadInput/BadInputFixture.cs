using Ember.ProcessTests;
using Ember.Storage;

namespace Ember.Chaos.Tests.BadInput;

/// <summary>The stores every bad-input row is tried on, a private store of each, and a wait on one of its jobs.</summary>
public static class BadInputFixture
{
    public static TheoryData<string> Stores => new(StoreKinds.All);

    /// <summary>A private store of that kind, initialized.</summary>
    public static async Task<StoreProcessFixture> CreateAsync(string store)
    {
        var fixture = StoreKinds.Create(store);
        await fixture.Store.InitializeAsync();
        return fixture;
    }

    public static async Task<JobDetails> WaitForStateAsync(StoreProcessFixture fixture, string id, JobState state, ServerProcess server)
    {
        JobDetails? details = null;
        await ScenarioContext.WaitUntilAsync(async () => (details = await fixture.Store.Queries.GetJobAsync(id))?.Job.State == state,
            TimeSpan.FromSeconds(60), $"job {id} to be {state} (it is {details?.Job.State}); server output:\n{server.Output}");
        return details!;
    }
}
