using Xunit;

namespace Ember.Storage.Conformance;

// CompleteJobsAsync: a run's outcome, written as given and fenced by the run's lease token.
public abstract partial class JobStoreConformanceTests
{
    private static readonly JobError FirstError = new("System.InvalidOperationException", "Boom «1»", "System.InvalidOperationException: Boom «1»\n   at Jobs.Run()");
    private static readonly JobError SecondError = new("System.TimeoutException", "Too slow", "System.TimeoutException: Too slow\n   at Jobs.Run()");

    [Theory]
    [InlineData(JobState.Succeeded)]
    [InlineData(JobState.Failed)]
    [InlineData(JobState.Scheduled)]
    [InlineData(JobState.Enqueued)]
    [InlineData(JobState.Deleted)]
    public async Task Complete_applies_the_outcome_with_its_data(JobState outcome)
    {
        var run = await StartAsync();
        Advance(3);
        var change = new StateChange
        {
            State = outcome,
            Kind = outcome switch
            {
                JobState.Succeeded => HistoryKind.Succeeded,
                JobState.Scheduled => HistoryKind.RetryScheduled,
                JobState.Enqueued => HistoryKind.HandedBack,
                _ => HistoryKind.Failed,
            },
            Reason = $"Outcome {outcome}",
            ScheduledAt = outcome == JobState.Scheduled ? Now.AddSeconds(38) : null,
            ExpireAt = JobStateTransitions.IsFinal(outcome) ? Now.AddDays(1) : null,
            Error = outcome is JobState.Failed or JobState.Scheduled ? FirstError : null,
            ServerId = ServerId,
            Duration = TimeSpan.FromMilliseconds(2500),
        };

        Assert.Equal(1, await CompleteAsync(run, change));

        var job = await GetInfoAsync(run.Id);
        Assert.Equal(outcome, job.State);
        Assert.Equal(Now, job.StateChangedAt);
        Assert.Equal(change.ScheduledAt, job.ScheduledAt);
        Assert.Equal(change.ExpireAt, job.ExpireAt);
        Assert.Equal(change.Error, job.LastError);
        Assert.Equal(1, job.Attempt);
        Assert.Null(job.ServerId);
        Assert.Null(job.LeaseExpiresAt);
        Assert.Equal(new StateHistoryEntry(outcome, change.Kind, Now, change.Reason, ServerId, change.Error, change.Duration), await GetLastHistoryAsync(run.Id));
    }

    [Fact]
    public async Task Complete_with_a_wrong_token_is_skipped()
    {
        var run = await StartAsync();
        var before = await GetAsync(run.Id);
        Advance(1);

        Assert.Equal(0, await CompleteAsync(run with { LeaseToken = run.LeaseToken + "x" }, new StateChange { State = JobState.Succeeded }));

        var after = await GetAsync(run.Id);
        Assert.Equal(before.Job, after.Job);
        Assert.Equal(before.History, after.History);
    }

    [Fact]
    public async Task Complete_applies_once()
    {
        var run = await StartAsync();

        Assert.Equal(1, await CompleteAsync(run, new StateChange { State = JobState.Succeeded, Reason = "first" }));
        Assert.Equal(0, await CompleteAsync(run, new StateChange { State = JobState.Failed, Reason = "second" }));

        var details = await GetAsync(run.Id);
        Assert.Equal(JobState.Succeeded, details.Job.State);
        Assert.Equal([JobState.Enqueued, JobState.Processing, JobState.Succeeded], details.History.Select(h => h.State));
    }

    [Fact]
    public async Task Complete_tells_a_run_already_completed_from_a_lost_lease()
    {
        var retried = await StartAsync();
        var requeued = await StartAsync();
        var done = StateChange.Succeeded(Now.AddDays(1));
        Assert.Equal([CompletionResult.Applied, CompletionResult.Applied],
            await CompleteForResultsAsync(new JobCompletion(retried.Id, retried.LeaseToken, done), new JobCompletion(requeued.Id, requeued.LeaseToken, done)));
        Assert.True(await RequeueAsync(requeued.Id, JobState.Succeeded));

        // The same writes again, as after a lost connection whose first try landed: the first run's outcome is there;
        // the second job was requeued since, so its run's token is gone with its lease.
        Assert.Equal([CompletionResult.RunAlreadyCompleted, CompletionResult.LeaseLost],
            await CompleteForResultsAsync(new JobCompletion(retried.Id, retried.LeaseToken, done), new JobCompletion(requeued.Id, requeued.LeaseToken, done)));
        Assert.Equal([JobState.Enqueued, JobState.Processing, JobState.Succeeded], (await GetAsync(retried.Id)).History.Select(h => h.State));
    }

    [Fact]
    public async Task Complete_of_a_run_named_twice_applies_the_first_and_reports_the_second_as_already_completed()
    {
        var run = await StartAsync();

        Assert.Equal([CompletionResult.Applied, CompletionResult.RunAlreadyCompleted, CompletionResult.LeaseLost],
            await CompleteForResultsAsync(
                new JobCompletion(run.Id, run.LeaseToken, StateChange.Succeeded(Now.AddDays(1))),
                new JobCompletion(run.Id, run.LeaseToken, new StateChange { State = JobState.Failed, Reason = "second" }),
                new JobCompletion(run.Id, run.LeaseToken + "x", new StateChange { State = JobState.Failed, Reason = "stale" })));
        Assert.Equal(JobState.Succeeded, await GetStateAsync(run.Id));
    }

    [Fact]
    public async Task Complete_with_an_unknown_id_is_skipped()
    {
        var run = await StartAsync();

        foreach (var id in UnknownIds)
            Assert.Equal(0, await CompleteAsync(new JobCompletion(id, run.LeaseToken, new StateChange { State = JobState.Succeeded })));
    }

    [Fact]
    public async Task Complete_after_a_requeue_and_refetch_rejects_the_old_token()
    {
        var oldRun = await StartAsync();
        Assert.True(await RequeueAsync(oldRun.Id, JobState.Processing));
        var newRun = await FetchOneAsync(oldRun.Id);

        Assert.Equal(0, await CompleteAsync(oldRun, new StateChange { State = JobState.Failed }));
        Assert.Equal(JobState.Processing, await GetStateAsync(oldRun.Id));
        Assert.Equal(1, await CompleteAsync(newRun, new StateChange { State = JobState.Succeeded }));
        Assert.Equal(JobState.Succeeded, await GetStateAsync(oldRun.Id));
    }

    [Fact]
    public async Task Complete_after_a_rescue_and_refetch_rejects_the_old_token()
    {
        var oldRun = await StartAsync();
        Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RescueAsync());
        var newRun = await FetchOneAsync(oldRun.Id);

        Assert.Equal(0, await CompleteAsync(oldRun, new StateChange { State = JobState.Failed }));
        Assert.Equal(JobState.Processing, await GetStateAsync(oldRun.Id));
        Assert.Equal(1, await CompleteAsync(newRun, new StateChange { State = JobState.Succeeded }));
    }

    [Fact]
    public async Task Complete_of_a_batch_applies_the_held_ones_and_counts_them()
    {
        var first = await StartAsync();
        var second = await StartAsync();
        var third = await StartAsync();
        var succeed = new StateChange { State = JobState.Succeeded };

        var applied = await CompleteAsync(
            new JobCompletion(first.Id, first.LeaseToken, succeed),
            new JobCompletion(second.Id, third.LeaseToken, succeed),
            new JobCompletion(third.Id, third.LeaseToken, succeed),
            new JobCompletion("999999999", first.LeaseToken, succeed),
            new JobCompletion("not a job id", first.LeaseToken, succeed));

        Assert.Equal(2, applied);
        Assert.Equal(
            [JobState.Succeeded, JobState.Processing, JobState.Succeeded],
            [await GetStateAsync(first.Id), await GetStateAsync(second.Id), await GetStateAsync(third.Id)]);
    }

    [Fact]
    public async Task Complete_with_no_completions_applies_none()
    {
        Assert.Equal(0, await CompleteAsync());
    }

    [Fact]
    public async Task Complete_with_an_error_replaces_the_last_error_and_without_one_keeps_it()
    {
        var id = await CreateEnqueuedAsync();
        await RetryAsync(await FetchOneAsync(id), FirstError);
        await RetryAsync(await FetchOneAsync(id), SecondError);
        Assert.Equal(SecondError, (await GetInfoAsync(id)).LastError);

        Assert.Equal(1, await CompleteAsync(await FetchOneAsync(id), new StateChange { State = JobState.Succeeded }));

        Assert.Equal(SecondError, (await GetInfoAsync(id)).LastError);
        Assert.Null((await GetLastHistoryAsync(id)).Error);
        Assert.Equal(3, (await GetInfoAsync(id)).Attempt);
    }

    [Fact]
    public async Task Complete_to_Scheduled_makes_the_job_fetchable_again_once_due()
    {
        var run = await StartAsync();
        Assert.Equal(1, await CompleteAsync(run, new StateChange { State = JobState.Scheduled, ScheduledAt = Now.AddSeconds(38) }));

        Advance(37);
        Assert.Equal(0, await EnqueueDueAsync());
        Advance(1);
        Assert.Equal(1, await EnqueueDueAsync());

        Assert.Equal(2, (await FetchOneAsync(run.Id)).Attempt);
    }

    [Fact]
    public async Task Complete_to_Enqueued_hands_the_job_back()
    {
        var run = await StartAsync();

        Assert.Equal(1, await CompleteAsync(run, new StateChange { State = JobState.Enqueued, Reason = "Server shutting down" }));

        Assert.Equal(2, (await FetchOneAsync(run.Id)).Attempt);
    }

    // A failed run retried at once: Scheduled with the error, then due and enqueued.
    private async Task RetryAsync(FetchedJob run, JobError error)
    {
        Assert.Equal(1, await CompleteAsync(run, new StateChange { State = JobState.Scheduled, ScheduledAt = Now, Error = error }));
        Assert.Equal(1, await EnqueueDueAsync());
    }
}
