using Xunit;

namespace Ember.Storage.Conformance;

// CompleteAndFetchJobsAsync: a busy server's round trip, completing one batch and claiming the next.
public abstract partial class JobStoreConformanceTests
{
    private Task<CompleteAndFetchResult> CompleteAndFetchAsync(int count, params JobCompletion[] completions) =>
        Store.CompleteAndFetchJobsAsync(new CompleteAndFetchRequest(completions, new FetchJobsRequest(ServerId, ["default"], count, Lease)));

    [Fact]
    public async Task CompleteAndFetch_applies_the_outcomes_then_claims_jobs()
    {
        var run = await StartAsync();
        var next = await CreateEnqueuedAsync();
        Advance(1);

        var result = await CompleteAndFetchAsync(5, new JobCompletion(run.Id, run.LeaseToken, new StateChange { State = JobState.Succeeded, ExpireAt = Now.AddDays(1), ServerId = ServerId }));

        Assert.Equal(1, result.Applied);
        Assert.Equal(JobState.Succeeded, (await GetInfoAsync(run.Id)).State);
        var fetched = Assert.Single(result.Fetched);
        Assert.Equal((next, 1), (fetched.Id, fetched.Attempt));
        Assert.Equal(JobState.Processing, (await GetInfoAsync(next)).State);
    }

    [Fact]
    public async Task CompleteAndFetch_skips_a_fenced_outcome_and_still_claims()
    {
        var run = await StartAsync();
        var next = await CreateEnqueuedAsync();

        var result = await CompleteAndFetchAsync(5, new JobCompletion(run.Id, run.LeaseToken + "x", new StateChange { State = JobState.Succeeded }));

        Assert.Equal(0, result.Applied);
        Assert.Equal(JobState.Processing, (await GetInfoAsync(run.Id)).State);
        Assert.Equal(next, Assert.Single(result.Fetched).Id);
    }

    [Fact]
    public async Task CompleteAndFetch_claims_the_continuations_its_outcomes_released()
    {
        // The fetch comes after the completions, so a continuation released by one of them can be claimed at once.
        var parent = await StartAsync();
        var continuation = await CreateAsync(Continuation(parent.Id));

        var result = await CompleteAndFetchAsync(5, new JobCompletion(parent.Id, parent.LeaseToken, new StateChange { State = JobState.Succeeded, ExpireAt = Now.AddDays(1) }));

        Assert.Equal(1, result.Applied);
        Assert.Equal(continuation, Assert.Single(result.Fetched).Id);
    }

    [Fact]
    public async Task CompleteAndFetch_with_nothing_to_complete_or_claim_does_either_half_alone()
    {
        var run = await StartAsync();
        var next = await CreateEnqueuedAsync();

        Assert.Equal(next, Assert.Single((await CompleteAndFetchAsync(5)).Fetched).Id);
        var completedOnly = await CompleteAndFetchAsync(0, new JobCompletion(run.Id, run.LeaseToken, new StateChange { State = JobState.Succeeded, ExpireAt = Now.AddDays(1) }));
        Assert.Equal((1, 0), (completedOnly.Applied, completedOnly.Fetched.Count));
    }
}
