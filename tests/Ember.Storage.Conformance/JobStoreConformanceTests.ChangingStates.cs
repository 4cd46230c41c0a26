using Xunit;

namespace Ember.Storage.Conformance;

// ChangeStatesAsync: ChangeStateAsync for many jobs in one call, each compared and set on its own.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task ChangeStates_changes_the_jobs_in_an_expected_state_and_counts_them()
    {
        var failed = await CreateFailedAsync(3);
        var enqueued = await CreateEnqueuedAsync();
        Advance(5);

        var changed = await Store.ChangeStatesAsync(new ChangeStatesRequest([.. failed, enqueued, .. UnknownIds], StateChange.Enqueued(HistoryKind.RequeuedByUser), [JobState.Failed]));

        Assert.Equal(3, changed);
        foreach (var id in failed)
        {
            var details = await GetAsync(id);
            Assert.Equal((JobState.Enqueued, Now), (details.Job.State, details.Job.StateChangedAt));
            Assert.Equal(new StateHistoryEntry(JobState.Enqueued, HistoryKind.RequeuedByUser, Now, null, null, null, null), details.History[^1]);
        }
        Assert.Single((await GetAsync(enqueued)).History);
        Assert.Equal((4L, 0L), (await CountAsync(JobState.Enqueued), await CountAsync(JobState.Failed)));
        Assert.Equal(4, (await FetchAsync(10)).Count);
    }

    [Fact]
    public async Task ChangeStates_changes_a_job_named_twice_once()
    {
        var id = await CreateEnqueuedAsync();
        var delete = StateChange.Deleted(HistoryKind.DeletedByUser, Now.AddDays(1));

        Assert.Equal(1, await Store.ChangeStatesAsync(new ChangeStatesRequest([id, id], delete, [JobState.Enqueued, JobState.Deleted])));

        Assert.Equal(2, (await GetAsync(id)).History.Count);
        Assert.Equal(1, await CountAsync(JobState.Deleted));
    }

    [Fact]
    public async Task ChangeStates_of_no_job_changes_nothing()
    {
        Assert.Equal(0, await Store.ChangeStatesAsync(new ChangeStatesRequest([], StateChange.Enqueued(HistoryKind.RequeuedByUser), [JobState.Failed])));
        Assert.Equal(0, await Store.ChangeStatesAsync(new ChangeStatesRequest(UnknownIds, StateChange.Enqueued(HistoryKind.RequeuedByUser), [JobState.Failed])));
    }

    [Fact]
    public async Task ChangeStates_out_of_Processing_fences_the_runs_out()
    {
        var runs = new[] { await StartAsync(), await StartAsync() };

        Assert.Equal(2, await Store.ChangeStatesAsync(new ChangeStatesRequest(runs.Select(r => r.Id).ToArray(), StateChange.Deleted(HistoryKind.DeletedByUser, Now.AddDays(1)), [JobState.Processing])));

        Assert.Equal(Sorted(runs.Select(r => r.Id)), Sorted(await ExtendAsync(Lease, runs.Select(Held).ToArray())));
        Assert.Equal(0, await CompleteAsync(runs.Select(r => new JobCompletion(r.Id, r.LeaseToken, StateChange.Succeeded(Now.AddDays(1)))).ToArray()));
        foreach (var run in runs)
        {
            var job = await GetInfoAsync(run.Id);
            Assert.Equal((JobState.Deleted, (string?)null, (DateTimeOffset?)null), (job.State, job.ServerId, job.LeaseExpiresAt));
        }
    }

    [Fact]
    public async Task ChangeStates_that_finish_jobs_release_their_continuations()
    {
        var parents = await CreateAsync(Job(), Job());
        var onDelete = await CreateAsync(Continuation(parents[0], JobContinuationOptions.OnlyOnDeletedState));
        var onSuccess = await CreateAsync(Continuation(parents[1], expireAtIfDeleted: Now.AddDays(3)));
        var expireAt = Now.AddDays(1);
        var delete = StateChange.Deleted(HistoryKind.DeletedByUser, expireAt) with { ContinuationsExpireAt = expireAt.AddDays(1) };

        Assert.Equal(2, await Store.ChangeStatesAsync(new ChangeStatesRequest(parents, delete, [JobState.Enqueued])));

        await AssertReleasedAsync(onDelete, parents[0], JobState.Deleted, JobState.Enqueued, null);
        await AssertReleasedAsync(onSuccess, parents[1], JobState.Deleted, JobState.Deleted, expireAt.AddDays(1));
        Assert.Equal(1, await CountAsync(JobState.Enqueued));
    }

    [Fact]
    public async Task ChangeStates_moves_each_job_once_among_racing_callers()
    {
        var ids = await CreateAsync(Enumerable.Range(0, 20).Select(_ => Job()).ToArray());
        var delete = StateChange.Deleted(HistoryKind.DeletedByUser, Now.AddDays(1));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
            Store.ChangeStatesAsync(new ChangeStatesRequest(i % 2 == 0 ? ids : ids.Reverse().ToArray(), delete, [JobState.Enqueued])))));

        Assert.Equal(20, results.Sum());
        Assert.Equal(20, await CountAsync(JobState.Deleted));
        foreach (var id in ids) Assert.Equal(2, (await GetAsync(id)).History.Count);
    }

    /// <summary>Creates <paramref name="count"/> jobs and fails each one's run.</summary>
    private async Task<IReadOnlyList<string>> CreateFailedAsync(int count, string exceptionType = "System.Exception")
    {
        var ids = await CreateAsync(Enumerable.Range(0, count).Select(_ => Job()).ToArray());
        var runs = await FetchAsync(count);
        await CompleteAsync(runs.Select(r => new JobCompletion(r.Id, r.LeaseToken, new StateChange { State = JobState.Failed, Error = Error(exceptionType) })).ToArray());
        return ids;
    }
}
