using System.Collections.Concurrent;
using Xunit;

namespace Ember.Storage.Conformance;

// FetchJobsAsync: which jobs are claimed, in what order, and what a claim writes.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task Fetch_claims_only_Enqueued_jobs()
    {
        // One job in every other state, all in the same queue.
        var processing = await StartAsync();
        var succeeded = await StartAsync();
        var failed = await StartAsync();
        await CompleteAsync(succeeded, new StateChange { State = JobState.Succeeded });
        await CompleteAsync(failed, new StateChange { State = JobState.Failed });
        var deleted = await CreateEnqueuedAsync();
        Assert.True(await ChangeStateAsync(deleted, new StateChange { State = JobState.Deleted }, JobState.Enqueued));
        await CreateAsync(Job(JobState.Scheduled, scheduledAt: Now.AddMinutes(-1))); // due, but not yet enqueued
        await CreateAsync(Continuation(await CreateEnqueuedAsync("parents")));
        var enqueued = await CreateEnqueuedAsync();

        var fetched = await FetchAsync(100);

        Assert.Equal(enqueued, Assert.Single(fetched).Id);
        Assert.Equal(JobState.Processing, await GetStateAsync(processing.Id));
    }

    [Fact]
    public async Task Fetch_claims_at_most_Count_jobs()
    {
        await CreateAsync(Enumerable.Range(0, 5).Select(_ => Job()).ToArray());

        Assert.Equal(3, (await FetchAsync(3)).Count);
        Assert.Equal(2, (await FetchAsync(3)).Count);
        Assert.Empty(await FetchAsync(3));
    }

    [Fact]
    public async Task Fetch_with_nothing_enqueued_claims_nothing()
    {
        Assert.Empty(await FetchAsync(10, "default", "other"));
    }

    [Fact]
    public async Task Fetch_takes_the_oldest_job_of_a_queue_first()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await CreateEnqueuedAsync());
            Advance(1);
        }

        foreach (var id in ids) await FetchOneAsync(id);
    }

    [Fact]
    public async Task Fetch_orders_by_creation_so_a_requeued_job_keeps_its_place()
    {
        // Not spelled out by the contract ("oldest first"); the reference store orders by creation, not by enqueue time.
        var older = await StartAsync();
        Advance(1);
        var newer = await CreateEnqueuedAsync();
        Advance(1);
        Assert.True(await RequeueAsync(older.Id, JobState.Processing));

        await FetchOneAsync(older.Id);
        await FetchOneAsync(newer);
    }

    [Fact]
    public async Task Fetch_takes_queues_in_the_order_given()
    {
        // The low-priority jobs are older: the queue order wins over age.
        var low = await CreateAsync(Job(queue: "low"), Job(queue: "low"));
        Advance(1);
        var high = await CreateAsync(Job(queue: "high"), Job(queue: "high"));

        var fetched = await FetchAsync(3, "high", "low");

        Assert.Equal(Sorted([high[0], high[1], low[0]]), Ids(fetched));
        Assert.Equal(["high", "high", "low"], fetched.Select(f => f.Queue).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Fetch_drains_the_first_queue_then_moves_to_the_next()
    {
        var first = await CreateEnqueuedAsync("first");
        var second = await CreateAsync(Job(queue: "second"), Job(queue: "second"));
        var third = await CreateEnqueuedAsync("third");

        Assert.Equal([first, second[0]], Ids(await FetchAsync(2, "first", "second", "third")));
        Assert.Equal([second[1], third], Ids(await FetchAsync(2, "first", "second", "third")));
    }

    [Fact]
    public async Task Fetch_ignores_queues_not_listed()
    {
        var other = await CreateEnqueuedAsync("other");

        Assert.Empty(await FetchAsync(10, "default"));
        Assert.Equal(JobState.Enqueued, await GetStateAsync(other));
    }

    [Fact]
    public async Task Fetch_returns_the_job_as_created()
    {
        var id = await CreateAsync(Job(queue: "mail", invocation: """{"send":"welcome"}"""));
        Advance(7);

        var fetched = await FetchOneAsync(id, "mail");

        Assert.Equal(new FetchedJob(id, "mail", """{"send":"welcome"}""", 1, fetched.LeaseToken, Start), fetched with { Parameters = null });
        Assert.False(string.IsNullOrEmpty(fetched.LeaseToken));
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(fetched.Parameters));
    }

    [Fact]
    public async Task Fetch_returns_the_parameters_as_they_are_when_claimed()
    {
        var parameters = new Dictionary<string, string> { ["CurrentCulture"] = "\"fr-FR\"", ["checkpoint"] = """{"page":3,"note":"ünïcode"}""" };
        var id = await CreateAsync(Job() with { Parameters = parameters });
        var first = await FetchOneAsync(id);
        Assert.Equal(parameters, first.Parameters);

        await Store.UpdateJobDataAsync(new UpdateJobDataRequest(id) { LeaseToken = first.LeaseToken, Parameters = new Dictionary<string, string?> { ["checkpoint"] = "4" } });
        Assert.Equal(1, await CompleteAsync(new JobCompletion(id, first.LeaseToken, StateChange.Enqueued(HistoryKind.HandedBack, "server-1"))));
        var second = await FetchOneAsync(id);

        Assert.Equal(new Dictionary<string, string> { ["CurrentCulture"] = "\"fr-FR\"", ["checkpoint"] = "4" }, second.Parameters);
    }

    [Fact]
    public async Task Fetch_moves_the_job_to_Processing_under_a_lease()
    {
        var id = await CreateEnqueuedAsync();
        Advance(7);

        await Store.FetchJobsAsync(new FetchJobsRequest("server-7", ["default"], 1, TimeSpan.FromMinutes(5)));

        var job = await GetInfoAsync(id);
        Assert.Equal(JobState.Processing, job.State);
        Assert.Equal("server-7", job.ServerId);
        Assert.Equal(Start.AddSeconds(7).AddMinutes(5), job.LeaseExpiresAt);
        Assert.Equal(Start.AddSeconds(7), job.StateChangedAt);
        Assert.Equal(1, job.Attempt);
    }

    [Fact]
    public async Task Fetch_adds_a_Processing_history_entry_with_the_server()
    {
        var id = await CreateEnqueuedAsync();
        Advance(7);

        await Store.FetchJobsAsync(new FetchJobsRequest("server-7", ["default"], 1, Lease));

        var history = (await GetAsync(id)).History;
        Assert.Equal(2, history.Count);
        Assert.Equal(new StateHistoryEntry(JobState.Processing, HistoryKind.Fetched, Start.AddSeconds(7), null, "server-7", null, null), history[1]);
    }

    [Fact]
    public async Task Fetch_counts_attempts_across_runs()
    {
        var first = await StartAsync();
        Assert.True(await RequeueAsync(first.Id, JobState.Processing));

        var second = await FetchOneAsync(first.Id);

        Assert.Equal((1, 2), (first.Attempt, second.Attempt));
        Assert.Equal(2, (await GetInfoAsync(first.Id)).Attempt);
    }

    [Fact]
    public async Task Fetch_gives_every_claim_its_own_lease_token()
    {
        await CreateAsync(Job(), Job(), Job());
        var batch = await FetchAsync(3);
        Assert.True(await RequeueAsync(batch[0].Id, JobState.Processing));
        var again = await FetchOneAsync(batch[0].Id);

        var tokens = batch.Append(again).Select(f => f.LeaseToken).ToArray();

        Assert.Equal(4, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Fetch_from_parallel_callers_claims_every_job_exactly_once()
    {
        const int jobCount = 200;
        await CreateAsync(Enumerable.Range(0, jobCount).Select(i => Job(queue: i % 2 == 0 ? "a" : "b")).ToArray());
        var claimed = new ConcurrentBag<FetchedJob>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var request = new FetchJobsRequest($"server-{worker}", ["a", "b"], 5, Lease);
            while (await Store.FetchJobsAsync(request) is { Count: > 0 } batch)
                foreach (var job in batch) claimed.Add(job);
        })));

        Assert.Equal(jobCount, claimed.Count);
        Assert.Equal(jobCount, claimed.Select(j => j.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(claimed, j => Assert.Equal(1, j.Attempt));
        var counts = await Store.Queries.GetStateCountsAsync();
        Assert.Equal(((long)jobCount, 0L), (counts[JobState.Processing], counts[JobState.Enqueued]));
    }
}
