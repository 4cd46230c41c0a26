using Xunit;

namespace Ember.Storage.Conformance;

// ExtendLeasesAsync and RescueExpiredLeasesAsync: keeping a run alive, and taking back the runs of dead servers.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task ExtendLeases_moves_the_expiry_from_now()
    {
        var run = await StartAsync();
        Advance(20);

        Assert.Empty(await ExtendAsync(TimeSpan.FromMinutes(2), Held(run)));

        var job = await GetInfoAsync(run.Id);
        Assert.Equal((JobState.Processing, Start.AddSeconds(20).AddMinutes(2)), (job.State, job.LeaseExpiresAt));
        Assert.Equal(Start, job.StateChangedAt);
    }

    [Fact]
    public async Task ExtendLeases_reports_the_jobs_no_longer_held()
    {
        var held = await StartAsync();
        var deleted = await StartAsync();
        var requeued = await StartAsync();
        var wrongToken = await StartAsync();
        Assert.True(await ChangeStateAsync(deleted.Id, new StateChange { State = JobState.Deleted }, JobState.Processing));
        Assert.True(await RequeueAsync(requeued.Id, JobState.Processing));
        Advance(20);

        var lost = await ExtendAsync(Lease,
            [Held(held), Held(deleted), Held(requeued), new HeldLease(wrongToken.Id, wrongToken.LeaseToken + "x"), .. UnknownIds.Select(id => new HeldLease(id, held.LeaseToken))]);

        string[] expected = [deleted.Id, requeued.Id, wrongToken.Id, .. UnknownIds];
        Assert.Equal(expected.Order(StringComparer.Ordinal), lost.Order(StringComparer.Ordinal));
        Assert.Equal(Now + Lease, (await GetInfoAsync(held.Id)).LeaseExpiresAt);
        Assert.Equal(Start + Lease, (await GetInfoAsync(wrongToken.Id)).LeaseExpiresAt);
    }

    [Fact]
    public async Task ExtendLeases_reports_a_completed_job_lost()
    {
        var run = await StartAsync();
        Assert.Equal(1, await CompleteAsync(run, new StateChange { State = JobState.Succeeded }));

        Assert.Equal([run.Id], await ExtendAsync(Lease, Held(run)));
    }

    [Fact]
    public async Task ExtendLeases_with_no_leases_reports_none()
    {
        Assert.Empty(await ExtendAsync(Lease));
    }

    [Fact]
    public async Task RescueExpiredLeases_leaves_leases_that_have_not_expired()
    {
        var run = await StartAsync();
        Advance(Lease - TimeSpan.FromSeconds(1));

        Assert.Equal(0, await RescueAsync());
        Assert.Equal(JobState.Processing, await GetStateAsync(run.Id));
    }

    [Fact]
    public async Task RescueExpiredLeases_enqueues_jobs_whose_lease_expired()
    {
        var run = await StartAsync();
        Advance(Lease + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await RescueAsync());

        var details = await GetAsync(run.Id);
        Assert.Equal((JobState.Enqueued, Now, (string?)null, (DateTimeOffset?)null), (details.Job.State, details.Job.StateChangedAt, details.Job.ServerId, details.Job.LeaseExpiresAt));
        Assert.Equal(3, details.History.Count);
        // The core counts rescues against the job's allowed interruptions by this kind; the entry names the server.
        Assert.Equal(new StateHistoryEntry(JobState.Enqueued, HistoryKind.Rescued, Now, null, ServerId, null, null), details.History[2]);
    }

    [Fact]
    public async Task RescueExpiredLeases_rescues_at_most_MaxCount()
    {
        for (var i = 0; i < 3; i++) await StartAsync();
        Advance(Lease + TimeSpan.FromSeconds(1));

        Assert.Equal(2, await RescueAsync(maxCount: 2));
        Assert.Equal(1, await RescueAsync(maxCount: 2));
        Assert.Equal(0, await RescueAsync(maxCount: 2));
    }

    [Fact]
    public async Task RescueExpiredLeases_leaves_extended_leases()
    {
        var extended = await StartAsync();
        var abandoned = await StartAsync();
        Advance(20);
        Assert.Empty(await ExtendAsync(Lease, Held(extended)));
        Advance(20);

        Assert.Equal(1, await RescueAsync());

        Assert.Equal(JobState.Processing, await GetStateAsync(extended.Id));
        Assert.Equal(JobState.Enqueued, await GetStateAsync(abandoned.Id));
    }

    [Fact]
    public async Task RescueExpiredLeases_makes_the_job_fetchable_for_another_attempt()
    {
        var oldRun = await StartAsync();
        Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RescueAsync());

        var newRun = await FetchOneAsync(oldRun.Id);

        Assert.Equal(2, newRun.Attempt);
        Assert.NotEqual(oldRun.LeaseToken, newRun.LeaseToken);
        Assert.Equal([oldRun.Id], await ExtendAsync(Lease, Held(oldRun)));
        Assert.Empty(await ExtendAsync(Lease, Held(newRun)));
    }

    [Fact]
    public async Task ExtendLeases_tells_an_old_lease_from_a_new_one_on_the_same_job()
    {
        // A requeued job can be fetched again by the same server while its old run still winds down.
        var oldRun = await StartAsync();
        Assert.True(await RequeueAsync(oldRun.Id, JobState.Processing));
        var newRun = await FetchOneAsync(oldRun.Id);

        var lost = await Store.ExtendLeasesAsync(new ExtendLeasesRequest(ServerId, [Held(oldRun), Held(newRun)], Lease));

        Assert.Equal([Held(oldRun)], lost);
        Assert.Equal(Now + Lease, (await GetInfoAsync(newRun.Id)).LeaseExpiresAt);
    }
}
