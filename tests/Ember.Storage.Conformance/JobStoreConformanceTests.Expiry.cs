using Xunit;

namespace Ember.Storage.Conformance;

// DeleteExpiredJobsAsync: jobs leave the store, with their history, once their ExpireAt has passed.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task DeleteExpiredJobs_deletes_only_jobs_whose_expiry_passed()
    {
        var succeeded = await StartAsync();
        var failed = await StartAsync();
        var deletedLater = await StartAsync();
        await CompleteAsync(succeeded, new StateChange { State = JobState.Succeeded, ExpireAt = Start.AddHours(1) });
        await CompleteAsync(failed, new StateChange { State = JobState.Failed });
        await CompleteAsync(deletedLater, new StateChange { State = JobState.Deleted, ExpireAt = Start.AddHours(2) });
        var enqueued = await CreateEnqueuedAsync();
        Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await DeleteExpiredAsync());

        Assert.Null(await Store.Queries.GetJobAsync(succeeded.Id));
        Assert.Equal(JobState.Failed, await GetStateAsync(failed.Id));
        Assert.Equal(JobState.Deleted, await GetStateAsync(deletedLater.Id));
        Assert.Equal(JobState.Enqueued, await GetStateAsync(enqueued));
    }

    [Fact]
    public async Task DeleteExpiredJobs_before_any_expiry_deletes_nothing()
    {
        var run = await StartAsync();
        await CompleteAsync(run, new StateChange { State = JobState.Succeeded, ExpireAt = Start.AddHours(1) });
        Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));

        Assert.Equal(0, await DeleteExpiredAsync());
        Assert.Equal(JobState.Succeeded, await GetStateAsync(run.Id));
    }

    [Fact]
    public async Task DeleteExpiredJobs_deletes_at_most_MaxCount()
    {
        for (var i = 0; i < 3; i++)
        {
            var id = await CreateEnqueuedAsync();
            Assert.True(await ChangeStateAsync(id, new StateChange { State = JobState.Deleted, ExpireAt = Start.AddMinutes(i) }, JobState.Enqueued));
        }
        Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(2, await DeleteExpiredAsync(maxCount: 2));
        Assert.Equal(1, await DeleteExpiredAsync(maxCount: 2));
        Assert.Equal(0, await DeleteExpiredAsync(maxCount: 2));
        Assert.Equal(0L, (await Store.Queries.GetStateCountsAsync())[JobState.Deleted]);
    }

    [Fact]
    public async Task DeleteExpiredJobs_spares_a_job_requeued_before_it_expired()
    {
        var run = await StartAsync();
        await CompleteAsync(run, new StateChange { State = JobState.Succeeded, ExpireAt = Start.AddHours(1) });
        Assert.Equal(Start.AddHours(1), (await GetInfoAsync(run.Id)).ExpireAt);

        Assert.True(await RequeueAsync(run.Id, JobState.Succeeded));
        Assert.Null((await GetInfoAsync(run.Id)).ExpireAt);
        Advance(TimeSpan.FromHours(2));

        Assert.Equal(0, await DeleteExpiredAsync());
        Assert.Equal(JobState.Enqueued, await GetStateAsync(run.Id));
    }

    [Fact]
    public async Task DeleteExpiredJobs_removes_the_job_from_every_query()
    {
        var id = await CreateEnqueuedAsync("mail");
        Assert.True(await ChangeStateAsync(id, new StateChange { State = JobState.Deleted, ExpireAt = Start.AddMinutes(1) }, JobState.Enqueued));
        Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1, await DeleteExpiredAsync());

        Assert.Null(await Store.Queries.GetJobAsync(id));
        Assert.Empty(await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Deleted, 0, 10)));
        Assert.All(await Store.Queries.GetStateCountsAsync(), pair => Assert.Equal(0L, pair.Value));
        Assert.False(await RequeueAsync(id, JobState.Deleted));
    }
}
