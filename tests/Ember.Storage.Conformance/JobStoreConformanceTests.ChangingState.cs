using Xunit;

namespace Ember.Storage.Conformance;

// ChangeStateAsync: compare-and-set on the current state; leaving Processing drops the lease.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task ChangeState_applies_when_the_job_is_in_an_expected_state()
    {
        var id = await CreateScheduledAsync(Now.AddHours(1));
        Advance(5);
        var change = StateChange.Deleted(HistoryKind.DeletedByUser, Now.AddDays(1));

        Assert.True(await ChangeStateAsync(id, change, JobState.Enqueued, JobState.Scheduled));

        var details = await GetAsync(id);
        Assert.Equal((JobState.Deleted, Now, Now.AddDays(1), (DateTimeOffset?)null), (details.Job.State, details.Job.StateChangedAt, details.Job.ExpireAt, details.Job.ScheduledAt));
        Assert.Equal(new StateHistoryEntry(JobState.Deleted, HistoryKind.DeletedByUser, Now, null, null, null, null), details.History[^1]);
    }

    [Fact]
    public async Task A_user_reschedule_takes_an_enqueued_job_off_its_queue_and_moves_a_scheduled_job_s_due_time()
    {
        var enqueued = await CreateEnqueuedAsync();
        var scheduled = await CreateScheduledAsync(Now.AddMinutes(1));

        Assert.True(await ChangeStateAsync(enqueued, StateChange.Scheduled(HistoryKind.RescheduledByUser, Now.AddMinutes(10), null), JobState.Enqueued));
        Assert.True(await ChangeStateAsync(scheduled, StateChange.Scheduled(HistoryKind.RescheduledByUser, Now.AddMinutes(10), null), JobState.Scheduled));

        Assert.Empty(await FetchAsync());
        Advance(120);
        Assert.Equal(0, await EnqueueDueAsync());
        var details = await GetAsync(scheduled);
        Assert.Equal((JobState.Scheduled, (DateTimeOffset?)Now.AddMinutes(8)), (details.Job.State, details.Job.ScheduledAt));
        Assert.Equal(HistoryKind.RescheduledByUser, details.History[^1].Kind);
        Advance(8 * 60);
        Assert.Equal(2, await EnqueueDueAsync());
        Assert.Equal(2, (await FetchAsync()).Count);
    }

    [Fact]
    public async Task ChangeState_refuses_when_the_job_is_in_another_state()
    {
        var id = await CreateEnqueuedAsync();
        var before = await GetAsync(id);
        Advance(5);

        Assert.False(await ChangeStateAsync(id, new StateChange { State = JobState.Enqueued }, JobState.Scheduled, JobState.Awaiting, JobState.Failed));

        var after = await GetAsync(id);
        Assert.Equal(before.Job, after.Job);
        Assert.Equal(before.History, after.History);
    }

    [Fact]
    public async Task ChangeState_with_no_expected_states_refuses()
    {
        var id = await CreateEnqueuedAsync();

        Assert.False(await ChangeStateAsync(id, new StateChange { State = JobState.Deleted }));
        Assert.Equal(JobState.Enqueued, await GetStateAsync(id));
    }

    [Fact]
    public async Task ChangeState_of_an_unknown_or_malformed_id_returns_false()
    {
        await CreateEnqueuedAsync();

        foreach (var id in UnknownIds)
            Assert.False(await ChangeStateAsync(id, new StateChange { State = JobState.Deleted }, Enum.GetValues<JobState>()), $"Job id '{id}'");
    }

    [Fact]
    public async Task ChangeState_moves_one_job_once_among_racing_callers()
    {
        var id = await CreateEnqueuedAsync();
        var delete = new StateChange { State = JobState.Deleted };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ChangeStateAsync(id, delete, JobState.Enqueued))));

        Assert.Single(results, applied => applied);
        Assert.Equal(2, (await GetAsync(id)).History.Count);
    }

    [Theory]
    [InlineData(JobState.Enqueued)]
    [InlineData(JobState.Deleted)]
    public async Task ChangeState_out_of_Processing_drops_the_lease(JobState target)
    {
        var run = await StartAsync();

        Assert.True(await ChangeStateAsync(run.Id, new StateChange { State = target, Reason = "By user" }, JobState.Processing));

        var job = await GetInfoAsync(run.Id);
        Assert.Equal((target, (string?)null, (DateTimeOffset?)null), (job.State, job.ServerId, job.LeaseExpiresAt));
        Assert.Equal([run.Id], await ExtendAsync(Lease, Held(run)));
        Assert.Equal(0, await CompleteAsync(run, new StateChange { State = JobState.Succeeded }));
        Assert.Equal(target, await GetStateAsync(run.Id));
    }

    [Fact]
    public async Task ChangeState_requeue_of_a_Failed_job_makes_it_fetchable()
    {
        var run = await StartAsync();
        Assert.Equal(1, await CompleteAsync(run, new StateChange { State = JobState.Failed }));

        Assert.True(await RequeueAsync(run.Id, JobState.Failed));

        Assert.Equal(2, (await FetchOneAsync(run.Id)).Attempt);
    }
}
