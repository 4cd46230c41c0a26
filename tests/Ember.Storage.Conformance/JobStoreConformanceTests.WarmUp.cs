using Xunit;

namespace Ember.Storage.Conformance;

// IJobStoreWarmUp, for stores that offer it: going through the creation and fetch paths leaves nothing behind. Stores without
// the capability pass trivially.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task A_warm_up_stores_nothing_claims_nothing_counts_nothing_and_wakes_no_one()
    {
        if (Store.GetCapability<IJobStoreWarmUp>() is not { } warmUp) return;
        var waiting = await CreateEnqueuedAsync("warm");
        using var work = RecordWork();

        await warmUp.WarmUpAsync(new CreateJobsRequest([Job(queue: "warm"), Job(JobState.Scheduled, "warm", Start.AddMinutes(1))]));

        // The job that waited is still there to fetch (a warm-up's fetch, where a store rehearses one, is undone), and
        // it is the only one: the warm-up's jobs were never stored or counted.
        Assert.Equal(waiting, Assert.Single(await FetchAsync(10, "warm")).Id);
        Assert.Empty(await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Scheduled, 0, 10)));
        var statistics = await Store.Queries.GetStatisticsAsync();
        Assert.Equal(0L, statistics.Counts[JobState.Enqueued]);
        Assert.Equal(1L, statistics.Counts[JobState.Processing]);
        Assert.Equal(0L, statistics.Counts[JobState.Scheduled]);
        // A job created after it is stored and reported as any other; the warm-up's queue never was.
        var id = await CreateEnqueuedAsync("marker");
        Assert.Equal(id, Assert.Single(await FetchAsync(10, "marker")).Id);
        if (work is null) return;
        await work.WaitForAsync("marker");
        Assert.DoesNotContain("warm", work.Queues);
    }

    [Fact]
    public async Task A_warm_up_checks_the_jobs_as_a_create_does()
    {
        if (Store.GetCapability<IJobStoreWarmUp>() is not { } warmUp) return;

        await Assert.ThrowsAnyAsync<ArgumentException>(() => warmUp.WarmUpAsync(new CreateJobsRequest([Job(queue: "")])));
        await Assert.ThrowsAsync<ArgumentNullException>(() => warmUp.WarmUpAsync(null!));
    }
}
