using Xunit;

namespace Ember.Storage.Conformance;

// IJobQueries: the read side the dashboard uses.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task GetJob_returns_the_whole_history_oldest_first()
    {
        var id = await CreateAsync(Job(reason: "Created"));
        Advance(1);
        var firstRun = await FetchOneAsync(id);
        Advance(1);
        await CompleteAsync(firstRun, new StateChange { State = JobState.Scheduled, ScheduledAt = Now.AddSeconds(1), Reason = "Retry 1" });
        Advance(1);
        await EnqueueDueAsync();
        Advance(1);
        var secondRun = await FetchOneAsync(id);
        Advance(1);
        await CompleteAsync(secondRun, new StateChange { State = JobState.Succeeded, Reason = "Done" });

        var history = (await GetAsync(id)).History;

        Assert.Equal(
            [JobState.Enqueued, JobState.Processing, JobState.Scheduled, JobState.Enqueued, JobState.Processing, JobState.Succeeded],
            history.Select(h => h.State));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => Start.AddSeconds(i)), history.Select(h => h.At));
        Assert.Equal(("Created", "Retry 1", "Done"), (history[0].Reason, history[2].Reason, history[5].Reason));
    }

    [Fact]
    public async Task GetJob_of_an_unknown_or_malformed_id_returns_null()
    {
        await CreateEnqueuedAsync();

        foreach (var id in UnknownIds) Assert.Null(await Store.Queries.GetJobAsync(id));
    }

    [Fact]
    public async Task GetStateCounts_of_an_empty_store_has_every_state_at_zero()
    {
        var counts = await Store.Queries.GetStateCountsAsync();

        Assert.Equal(Enum.GetValues<JobState>().Order(), counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.Equal(0L, count));
    }

    [Fact]
    public async Task GetStateCounts_counts_jobs_in_each_state()
    {
        await CompleteAsync(await StartAsync(), new StateChange { State = JobState.Succeeded });
        await CompleteAsync(await StartAsync(), new StateChange { State = JobState.Succeeded });
        await CompleteAsync(await StartAsync(), new StateChange { State = JobState.Failed });
        var parent = await StartAsync();
        await CreateAsync(Job(), Job(queue: "other"), Job(JobState.Scheduled, scheduledAt: Start.AddHours(1)), Continuation(parent.Id), Continuation(parent.Id));

        var counts = await Store.Queries.GetStateCountsAsync();

        Assert.Equal(Enum.GetValues<JobState>().Length, counts.Count);
        Assert.Equal(
            (2L, 1L, 2L, 1L, 2L, 1L, 0L),
            (counts[JobState.Enqueued], counts[JobState.Scheduled], counts[JobState.Awaiting], counts[JobState.Processing],
                counts[JobState.Succeeded], counts[JobState.Failed], counts[JobState.Deleted]));
    }

    [Fact]
    public async Task GetJobs_lists_one_state_newest_first()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await CreateEnqueuedAsync());
            Advance(1);
        }
        await CreateAsync(Continuation(ids[0]));

        var page = await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10));

        Assert.Equal([ids[2], ids[1], ids[0]], page.Select(j => j.Id));
        Assert.Equal(await GetInfoAsync(ids[2]), page[0]);
    }

    [Fact]
    public async Task GetJobs_orders_by_creation_even_when_states_changed_in_another_order()
    {
        // Not spelled out by the contract ("newest first"); the reference store orders by creation, not by state change.
        var older = await StartAsync();
        Advance(1);
        var newer = await StartAsync();
        await CompleteAsync(newer, new StateChange { State = JobState.Succeeded });
        Advance(1);
        await CompleteAsync(older, new StateChange { State = JobState.Succeeded });

        var page = await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Succeeded, 0, 10));

        Assert.Equal([newer.Id, older.Id], page.Select(j => j.Id));
    }

    [Fact]
    public async Task GetJobs_pages_by_offset_and_count()
    {
        var ids = await CreateAsync(Enumerable.Range(0, 5).Select(_ => Job()).ToArray());

        async Task<IEnumerable<string>> PageAsync(int offset, int count) =>
            (await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, offset, count))).Select(j => j.Id);

        Assert.Equal([ids[4], ids[3]], await PageAsync(0, 2));
        Assert.Equal([ids[2], ids[1]], await PageAsync(2, 2));
        Assert.Equal([ids[0]], await PageAsync(4, 2));
        Assert.Empty(await PageAsync(5, 2));
    }

    [Fact]
    public async Task GetJobs_filters_by_queue()
    {
        var parent = await CreateEnqueuedAsync();
        var ids = await CreateAsync(Job(queue: "mail"), Job(queue: "default"), Job(queue: "mail"), Continuation(parent, queue: "mail"));

        var page = await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10, Queue: "mail"));

        Assert.Equal([ids[2], ids[0]], page.Select(j => j.Id));
        Assert.Empty(await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10, Queue: "nowhere")));
    }

    [Fact]
    public async Task GetServers_lists_servers_by_name()
    {
        await HeartbeatAsync("id-1", "charlie");
        await HeartbeatAsync("id-2", "alpha");
        await HeartbeatAsync("id-3", "bravo");

        var servers = await Store.Queries.GetServersAsync();

        Assert.Equal(["alpha", "bravo", "charlie"], servers.Select(s => s.Name));
    }

    [Fact]
    public async Task GetServers_of_an_empty_registry_is_empty()
    {
        Assert.Empty(await Store.Queries.GetServersAsync());
    }
}
