using Xunit;

namespace Ember.Storage.Conformance;

// The dashboard's overview: statistics with running totals, queues, hourly counts and failure groups.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task GetStatistics_of_an_empty_store_is_all_zero()
    {
        var statistics = await Store.Queries.GetStatisticsAsync();

        Assert.Equal(Enum.GetValues<JobState>().Order(), statistics.Counts.Keys.Order());
        Assert.All(statistics.Counts.Values, count => Assert.Equal(0L, count));
        Assert.Equal((0L, 0L), (statistics.Succeeded, statistics.Failed));
    }

    [Fact]
    public async Task GetStatistics_counts_states_as_jobs_move_and_as_they_expire()
    {
        var succeeded = await StartAsync();
        await CompleteAsync(succeeded, new StateChange { State = JobState.Succeeded, ExpireAt = Start.AddHours(1) });
        await CompleteAsync(await StartAsync(), new StateChange { State = JobState.Failed, Error = Error("System.TimeoutException") });
        var parent = await StartAsync();
        await CreateAsync(Job(), Job(queue: "other"), Job(JobState.Scheduled, scheduledAt: Start.AddHours(1)), Continuation(parent.Id));
        Assert.True(await ChangeStateAsync((await CreateEnqueuedAsync()), new StateChange { State = JobState.Deleted }, JobState.Enqueued));

        var statistics = await Store.Queries.GetStatisticsAsync();

        Assert.Equal(
            (2L, 1L, 1L, 1L, 1L, 1L, 1L),
            (statistics.Counts[JobState.Enqueued], statistics.Counts[JobState.Scheduled], statistics.Counts[JobState.Awaiting],
                statistics.Counts[JobState.Processing], statistics.Counts[JobState.Succeeded], statistics.Counts[JobState.Failed],
                statistics.Counts[JobState.Deleted]));
        Assert.Equal(await Store.Queries.GetStateCountsAsync(), statistics.Counts);

        Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await DeleteExpiredAsync());
        Assert.Equal(0L, (await Store.Queries.GetStatisticsAsync()).Counts[JobState.Succeeded]);
    }

    [Fact]
    public async Task GetStatistics_totals_never_decrease_when_jobs_expire_or_are_retried()
    {
        for (var i = 0; i < 3; i++)
            await CompleteAsync(await StartAsync(), new StateChange { State = JobState.Succeeded, ExpireAt = Start.AddMinutes(1) });
        var failing = await StartAsync();
        await CompleteAsync(failing, new StateChange { State = JobState.Failed, Error = Error("System.Exception") });
        Assert.True(await RequeueAsync(failing.Id, JobState.Failed));
        await CompleteAsync(await FetchOneAsync(failing.Id), new StateChange { State = JobState.Failed, Error = Error("System.Exception") });
        Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(3, await DeleteExpiredAsync());

        var statistics = await Store.Queries.GetStatisticsAsync();

        Assert.Equal((3L, 2L), (statistics.Succeeded, statistics.Failed));
        Assert.Equal((0L, 1L), (statistics.Counts[JobState.Succeeded], statistics.Counts[JobState.Failed]));
    }

    [Fact]
    public async Task GetStatistics_totals_count_state_changes_made_outside_a_run()
    {
        var id = await CreateEnqueuedAsync();
        Assert.True(await ChangeStateAsync(id, new StateChange { State = JobState.Failed, Reason = "Marked by a filter" }, JobState.Enqueued));
        Assert.True(await ChangeStateAsync(id, new StateChange { State = JobState.Succeeded, Reason = "Marked by hand" }, JobState.Failed));

        var statistics = await Store.Queries.GetStatisticsAsync();

        Assert.Equal((1L, 1L), (statistics.Succeeded, statistics.Failed));
    }

    [Fact]
    public async Task GetQueues_lists_queues_with_enqueued_jobs_by_name()
    {
        await CreateAsync(Job(queue: "default"), Job(queue: "default"), Job(queue: "critical"), Job(JobState.Scheduled, "later", Start.AddHours(1)));
        await StartAsync("emptied");

        var queues = await Store.Queries.GetQueuesAsync();

        Assert.Equal([("critical", 1L), ("default", 2L)], queues.Select(q => (q.Name, q.Enqueued)));
    }

    [Fact]
    public async Task GetQueues_tells_when_the_head_of_each_queue_became_enqueued()
    {
        var first = await CreateEnqueuedAsync("default");
        Time.Advance(TimeSpan.FromMinutes(1));
        await CreateAsync(Job(queue: "default"), Job(queue: "critical"));
        Time.Advance(TimeSpan.FromMinutes(1));
        // Requeued: the head by fetch order, waiting since its requeue.
        await FetchOneAsync(first, "default");
        Assert.True(await ChangeStateAsync(first, StateChange.Enqueued(HistoryKind.RequeuedByUser), JobState.Processing));

        var queues = await Store.Queries.GetQueuesAsync();

        Assert.Equal([("critical", Start.AddMinutes(1)), ("default", Start.AddMinutes(2))], queues.Select(q => (q.Name, q.OldestEnqueuedAt ?? default)));
    }

    [Fact]
    public async Task GetHourlyCounts_counts_successes_and_failures_in_the_hour_they_happened()
    {
        Advance(TimeSpan.FromMinutes(30)); // 12:30
        await CompleteAsync(await StartAsync(), new StateChange { State = JobState.Succeeded });
        await CompleteAsync(await StartAsync(), new StateChange { State = JobState.Failed, Error = Error("System.Exception") });
        Advance(TimeSpan.FromHours(2)); // 14:30
        await CompleteAsync(await StartAsync(), new StateChange { State = JobState.Succeeded });
        await CompleteAsync(await StartAsync(), new StateChange { State = JobState.Succeeded });

        var hours = await Store.Queries.GetHourlyCountsAsync(new HourlyCountsRequest(Start.AddHours(-1), Now));

        Assert.Equal(
            [
                new HourlyCounts(Start.AddHours(-1), 0, 0), new HourlyCounts(Start, 1, 1),
                new HourlyCounts(Start.AddHours(1), 0, 0), new HourlyCounts(Start.AddHours(2), 2, 0),
            ],
            hours);
    }

    [Fact]
    public async Task GetHourlyCounts_of_an_empty_range_is_empty_and_of_a_reversed_one_is_refused()
    {
        Assert.Empty(await Store.Queries.GetHourlyCountsAsync(new HourlyCountsRequest(Start, Start)));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Queries.GetHourlyCountsAsync(new HourlyCountsRequest(Start, Start.AddHours(-2))));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Queries.GetHourlyCountsAsync(new HourlyCountsRequest(Start.AddDays(-32), Start)));
    }

    [Fact]
    public async Task GetFailureGroups_groups_failed_jobs_by_exception_type_largest_first()
    {
        foreach (var type in new[] { "System.TimeoutException", "System.IO.IOException", "System.TimeoutException", "System.ArgumentException" })
            await CompleteAsync(await StartAsync(), new StateChange { State = JobState.Failed, Error = Error(type) });
        var retried = await StartAsync();
        await CompleteAsync(retried, new StateChange { State = JobState.Scheduled, ScheduledAt = Start.AddHours(1), Error = Error("System.IO.IOException") });

        var groups = await Store.Queries.GetFailureGroupsAsync();

        Assert.Equal(
            [new FailureGroup("System.TimeoutException", 2), new FailureGroup("System.ArgumentException", 1), new FailureGroup("System.IO.IOException", 1)],
            groups);
    }

    private static JobError Error(string type) => new(type, $"A {type}", $"{type}: at Somewhere()");
}
