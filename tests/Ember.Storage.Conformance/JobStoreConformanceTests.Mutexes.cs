using Xunit;

namespace Ember.Storage.Conformance;

// Mutexes: named, held by one run of a job (job id and lease token), taken without waiting. A mutex is free again once
// its holder releases it or its holder's run is over (the job is no longer Processing under that lease), so it never
// outlives a dead server's lease and has no expiry of its own.
public abstract partial class JobStoreConformanceTests
{
    private const string MutexName = "Jobs.Reports.Build";

    private Task<bool> AcquireAsync(FetchedJob run, string name = MutexName) =>
        Store.TryAcquireMutexAsync(new MutexRequest(name, run.Id, run.LeaseToken));

    private Task ReleaseAsync(FetchedJob run, string name = MutexName) =>
        Store.ReleaseMutexAsync(new MutexRequest(name, run.Id, run.LeaseToken));

    /// <summary>Starts a run that takes the mutex, and another run that then finds it held.</summary>
    private async Task<(FetchedJob Holder, FetchedJob Other)> HoldAsync()
    {
        var holder = await StartAsync();
        var other = await StartAsync();
        Assert.True(await AcquireAsync(holder));
        Assert.False(await AcquireAsync(other));
        return (holder, other);
    }

    /// <summary>Lets every lease but <paramref name="kept"/>'s expire, and rescues those jobs.</summary>
    private async Task RescueHolderOnlyAsync(FetchedJob kept)
    {
        Advance(Lease / 2);
        Assert.Empty(await ExtendAsync(Lease, Held(kept)));
        Advance(Lease / 2 + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RescueAsync());
        Assert.Equal(JobState.Processing, await GetStateAsync(kept.Id));
    }

    [Fact]
    public async Task TryAcquireMutex_of_a_free_mutex_succeeds()
    {
        var run = await StartAsync();

        Assert.True(await AcquireAsync(run));
    }

    [Fact]
    public async Task TryAcquireMutex_held_by_a_running_job_fails_for_other_runs()
    {
        var (holder, other) = await HoldAsync();

        Assert.False(await AcquireAsync(other));
        Assert.False(await AcquireAsync(holder with { LeaseToken = holder.LeaseToken + "x" }));
        Assert.False(await AcquireAsync(other with { LeaseToken = holder.LeaseToken }));
        Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.False(await AcquireAsync(other));
    }

    [Fact]
    public async Task TryAcquireMutex_again_by_its_holder_succeeds()
    {
        var (holder, other) = await HoldAsync();

        Assert.True(await AcquireAsync(holder));

        Assert.False(await AcquireAsync(other));
    }

    [Fact]
    public async Task TryAcquireMutex_of_other_names_is_independent()
    {
        var (holder, other) = await HoldAsync();

        Assert.True(await AcquireAsync(other, "Jobs.Reports.Send"));
        Assert.True(await AcquireAsync(holder, "Jobs.Reports.Archive"));
        Assert.False(await AcquireAsync(holder, "Jobs.Reports.Send"));
    }

    [Fact]
    public async Task ReleaseMutex_by_its_holder_frees_it()
    {
        var (holder, other) = await HoldAsync();

        await ReleaseAsync(holder);

        Assert.True(await AcquireAsync(other));
        Assert.False(await AcquireAsync(holder));
    }

    [Fact]
    public async Task ReleaseMutex_by_another_run_does_nothing()
    {
        var (holder, other) = await HoldAsync();

        await ReleaseAsync(other);
        await ReleaseAsync(holder with { LeaseToken = holder.LeaseToken + "x" });
        await ReleaseAsync(holder, "Jobs.Reports.Send");

        Assert.False(await AcquireAsync(other));
        Assert.True(await AcquireAsync(holder));
    }

    [Fact]
    public async Task ReleaseMutex_of_a_free_mutex_does_nothing()
    {
        var run = await StartAsync();

        await ReleaseAsync(run);
        await ReleaseAsync(run);

        Assert.True(await AcquireAsync(run));
    }

    [Theory]
    [InlineData(JobState.Succeeded)]
    [InlineData(JobState.Failed)]
    [InlineData(JobState.Scheduled)]
    [InlineData(JobState.Enqueued)]
    public async Task TryAcquireMutex_succeeds_once_the_holders_run_completed(JobState outcome)
    {
        var (holder, other) = await HoldAsync();

        Assert.Equal(1, await CompleteAsync(holder, new StateChange { State = outcome, ScheduledAt = outcome == JobState.Scheduled ? Now.AddMinutes(1) : null }));

        Assert.True(await AcquireAsync(other));
        Assert.False(await AcquireAsync(holder));
    }

    [Fact]
    public async Task TryAcquireMutex_stays_held_while_an_expired_lease_is_not_yet_rescued()
    {
        var (_, other) = await HoldAsync();
        Advance(Lease + TimeSpan.FromSeconds(1));

        Assert.False(await AcquireAsync(other));
    }

    [Fact]
    public async Task TryAcquireMutex_succeeds_once_the_holder_was_rescued()
    {
        var (holder, other) = await HoldAsync();
        await RescueHolderOnlyAsync(other);

        Assert.True(await AcquireAsync(other));
        Assert.False(await AcquireAsync(holder));
    }

    [Fact]
    public async Task TryAcquireMutex_by_the_next_run_of_a_rescued_holder_succeeds()
    {
        var (holder, other) = await HoldAsync();
        await RescueHolderOnlyAsync(other);

        var nextRun = await FetchOneAsync(holder.Id);

        Assert.True(await AcquireAsync(nextRun));
        Assert.False(await AcquireAsync(holder));
        Assert.False(await AcquireAsync(other));
    }

    [Theory]
    [InlineData(JobState.Deleted)]
    [InlineData(JobState.Enqueued)]
    public async Task TryAcquireMutex_succeeds_once_the_holder_was_moved_out_of_Processing(JobState target)
    {
        var (holder, other) = await HoldAsync();

        Assert.True(await ChangeStateAsync(holder.Id, new StateChange { State = target, Reason = "By user" }, JobState.Processing));

        Assert.True(await AcquireAsync(other));
    }

    [Fact]
    public async Task TryAcquireMutex_succeeds_once_the_holder_was_pruned()
    {
        var (holder, other) = await HoldAsync();
        Assert.Empty(await ExtendAsync(TimeSpan.FromHours(2), Held(other)));
        Assert.Equal(1, await CompleteAsync(holder, new StateChange { State = JobState.Succeeded, ExpireAt = Now.AddHours(1) }));
        Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await DeleteExpiredAsync());

        Assert.True(await AcquireAsync(other));
    }

    [Fact]
    public async Task TryAcquireMutex_from_racing_runs_gives_it_to_one()
    {
        var runs = new List<FetchedJob>();
        for (var i = 0; i < 8; i++) runs.Add(await StartAsync());

        var acquired = await Task.WhenAll(runs.Select(run => Task.Run(() => AcquireAsync(run))));

        Assert.Single(acquired, taken => taken);
        var winner = runs[Array.IndexOf(acquired, true)];
        foreach (var run in runs) Assert.Equal(run == winner, await AcquireAsync(run));
    }
}
