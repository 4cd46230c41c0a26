using System.Collections.Concurrent;
using Xunit;

namespace Ember.Storage.Conformance;

// Concurrency limits: at most the key's limit of jobs carrying a key are Processing at once; the fetch passes over a
// full key without claiming its jobs and takes the jobs behind them; a run that ends by any path frees its slot; a
// limit set at run time overrides the jobs' own.
public abstract partial class JobStoreConformanceTests
{
    protected static NewJob Keyed(string key, int? limit, string queue = "default") =>
        Job(queue: queue) with { Concurrency = new ConcurrencyLimit(key, limit), Invocation = $$"""{"key":"{{key}}"}""" };

    private Task SetLimitAsync(string key, int? limit) => Store.SetConcurrencyLimitAsync(new SetConcurrencyLimitRequest(key, limit));

    private async Task<ConcurrencyKeyInfo?> GetKeyAsync(string key) =>
        (await Store.Queries.GetConcurrencyKeysAsync()).SingleOrDefault(k => k.Key == key);

    [Fact]
    public async Task Fetch_claims_a_key_up_to_its_limit_and_takes_the_jobs_behind_a_full_key()
    {
        var hot = await CreateAsync(Enumerable.Range(0, 5).Select(_ => Keyed("hot", 2)).ToArray());
        var other = await CreateAsync(Keyed("other", 2), Job(), Keyed("other", 2), Keyed("other", 2));

        var first = await FetchAsync(10);

        Assert.Equal(Sorted([hot[0], hot[1], other[0], other[1], other[2]]), Ids(first));
        Assert.Empty(await FetchAsync(10));
        Assert.Equal(JobState.Enqueued, await GetStateAsync(hot[2]));
        Assert.Equal(JobState.Enqueued, await GetStateAsync(other[3]));
        // A job over its limit was never claimed: no Fetched entry, its first attempt still ahead.
        Assert.Single((await GetAsync(hot[2])).History);
        Assert.Equal(0, (await GetInfoAsync(hot[2])).Attempt);
    }

    [Fact]
    public async Task Fetch_counts_the_jobs_it_claims_against_the_limit_in_one_call_and_across_calls()
    {
        await CreateAsync(Enumerable.Range(0, 6).Select(_ => Keyed("k", 3)).ToArray());

        Assert.Equal(2, (await FetchAsync(2)).Count);
        Assert.Single(await FetchAsync(10));
        Assert.Empty(await FetchAsync(10));
    }

    [Fact]
    public async Task The_limit_holds_under_20_concurrent_fetchers_while_runs_end()
    {
        const int limit = 3;
        var keys = new[] { "a", "b", "c", "d" };
        await CreateAsync(Enumerable.Range(0, 60).Select(i => i % 3 == 2 ? Job() : Keyed(keys[i % keys.Length], limit)).ToArray());
        var running = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var keyOf = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        foreach (var info in await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 100)))
            if (info.Invocation.Contains("\"key\"", StringComparison.Ordinal)) keyOf[info.Id] = info.Invocation;
        var most = 0;
        var done = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(worker => Task.Run(async () =>
        {
            var request = new FetchJobsRequest($"server-{worker}", ["default"], 2, Lease);
            while (Volatile.Read(ref done) < 60)
            {
                Assert.True(DateTime.UtcNow < deadline, "The jobs were not all run within 60 s.");
                var batch = await Store.FetchJobsAsync(request);
                if (batch.Count == 0)
                {
                    await Task.Delay(1);
                    continue;
                }
                // Counted up after the store's claim and down before its release: never above what the store counts.
                foreach (var job in batch)
                    if (keyOf.TryGetValue(job.Id, out var key))
                    {
                        var now = running.AddOrUpdate(key, 1, (_, n) => n + 1);
                        InterlockedMax(ref most, now);
                    }
                await Task.Yield();
                foreach (var job in batch)
                {
                    if (keyOf.TryGetValue(job.Id, out var key)) running.AddOrUpdate(key, 0, (_, n) => n - 1);
                    Assert.Equal(1, await CompleteAsync(job, StateChange.Succeeded(Now.AddDays(1))));
                    Interlocked.Increment(ref done);
                }
            }
        })));

        Assert.InRange(most, 1, limit);
        Assert.Equal(60, await CountAsync(JobState.Succeeded));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var previous && previous != seen) seen = previous;
    }

    [Fact]
    public async Task Concurrent_fetchers_never_claim_more_than_the_limit_of_one_key()
    {
        await CreateAsync(Enumerable.Range(0, 40).Select(_ => Keyed("k", 3)).ToArray());
        var claimed = new ConcurrentBag<FetchedJob>();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(worker => Task.Run(async () =>
        {
            foreach (var job in await Store.FetchJobsAsync(new FetchJobsRequest($"server-{worker}", ["default"], 3, Lease))) claimed.Add(job);
        })));

        Assert.Equal(3, claimed.Count);
        Assert.Equal(3, await CountAsync(JobState.Processing));
    }

    [Fact]
    public async Task A_completed_or_failed_run_frees_its_slot()
    {
        await CreateAsync(Keyed("k", 1), Keyed("k", 1), Keyed("k", 1));
        var first = Assert.Single(await FetchAsync(10));
        Assert.Empty(await FetchAsync(10));

        Assert.Equal(1, await CompleteAsync(first, StateChange.Succeeded(Now.AddDays(1))));
        var second = Assert.Single(await FetchAsync(10));
        Assert.Empty(await FetchAsync(10));

        Assert.Equal(1, await CompleteAsync(second, StateChange.Failed(HistoryKind.Failed, new JobError("E", "boom", ""), "failed", Now.AddDays(1))));
        Assert.Single(await FetchAsync(10));
    }

    [Fact]
    public async Task A_run_retried_later_or_deleted_frees_its_slot()
    {
        await CreateAsync(Keyed("k", 1), Keyed("k", 1), Keyed("k", 1));
        var first = Assert.Single(await FetchAsync(10));

        Assert.Equal(1, await CompleteAsync(first, StateChange.Scheduled(HistoryKind.RetryScheduled, Now.AddMinutes(1), "retry")));
        var second = Assert.Single(await FetchAsync(10));
        Assert.Empty(await FetchAsync(10));

        Assert.True(await ChangeStateAsync(second.Id, StateChange.Deleted(HistoryKind.DeletedByUser, Now.AddDays(1)), JobState.Processing));
        Assert.Single(await FetchAsync(10));
    }

    [Fact]
    public async Task A_dead_servers_slot_frees_with_its_lease()
    {
        await CreateAsync(Keyed("k", 1), Keyed("k", 1));
        var held = Assert.Single(await FetchAsync(10));
        Assert.Empty(await FetchAsync(10));

        Advance(Lease + TimeSpan.FromSeconds(1));
        // Not yet rescued: the expired lease still holds the slot, so the key can't run twice.
        Assert.Empty(await FetchAsync(10));
        Assert.Equal(1, await RescueAsync());

        var next = Assert.Single(await FetchAsync(10));
        Assert.Equal(held.Id, next.Id);
        Assert.Empty(await FetchAsync(10));
    }

    [Fact]
    public async Task A_limit_set_at_run_time_overrides_the_jobs_own_both_ways()
    {
        await CreateAsync(Enumerable.Range(0, 8).Select(_ => Keyed("k", 1)).ToArray());
        Assert.Single(await FetchAsync(10));

        await SetLimitAsync("k", 3);
        Assert.Equal(2, (await FetchAsync(10)).Count);
        Assert.Equal(3, (await GetKeyAsync("k"))!.Limit);

        await SetLimitAsync("k", 2);
        Assert.Empty(await FetchAsync(10));
        Assert.Equal(3, await CountAsync(JobState.Processing));

        await SetLimitAsync("k", null);
        await SetLimitAsync("k", 5);
        Assert.Equal(2, (await FetchAsync(10)).Count);
    }

    [Fact]
    public async Task A_job_without_its_own_limit_takes_the_run_time_one_or_one()
    {
        await CreateAsync(Enumerable.Range(0, 4).Select(_ => Keyed("semaphore", null)).ToArray());
        Assert.Single(await FetchAsync(10));

        await SetLimitAsync("semaphore", 3);

        Assert.Equal(2, (await FetchAsync(10)).Count);
    }

    [Fact]
    public async Task Keys_of_other_queues_and_jobs_without_a_key_are_unaffected()
    {
        await CreateAsync(Keyed("k", 1, "a"), Keyed("k", 1, "b"), Job(queue: "b"), Keyed("j", 1, "b"));

        var fetched = await FetchAsync(10, "a", "b");

        Assert.Equal(3, fetched.Count);
        Assert.Equal(["a", "b", "b"], fetched.Select(j => j.Queue).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_queries_list_keys_with_their_limit_holders_and_waiting_jobs()
    {
        var ids = await CreateAsync(Keyed("k", 2), Keyed("k", 2), Keyed("k", 2), Job());
        await SetLimitAsync("set-only", 4);
        await FetchAsync(10);

        var keys = await Store.Queries.GetConcurrencyKeysAsync();

        Assert.Equal(["k", "set-only"], keys.Select(k => k.Key));
        Assert.Null(keys[0].Limit);
        Assert.Equal([ids[0], ids[1]], Sorted(keys[0].Holders));
        Assert.Equal(1, keys[0].Waiting);
        Assert.Equal((4, 0, 0L), (keys[1].Limit!.Value, keys[1].Holders.Count, keys[1].Waiting));
    }

    [Fact]
    public async Task A_key_is_listed_while_it_has_runs_and_not_after_its_last_run_ended()
    {
        await CreateAsync(Keyed("k", 2), Keyed("k", 2));
        var runs = await FetchAsync(10);
        Assert.Equal(2, (await GetKeyAsync("k"))?.Holders.Count);

        Assert.Equal(1, await CompleteAsync(runs[0], StateChange.Succeeded(Now.AddDays(1))));
        Assert.Equal([runs[1].Id], (await GetKeyAsync("k"))?.Holders);

        Assert.Equal(1, await CompleteAsync(runs[1], StateChange.Succeeded(Now.AddDays(1))));
        Assert.Null(await GetKeyAsync("k"));
    }

    [Fact]
    public async Task Notifications_wake_the_queue_of_a_run_that_frees_a_slot_others_wait_for()
    {
        await CreateAsync(Keyed("k", 1, "limited"), Keyed("k", 1, "limited"));
        var held = Assert.Single(await FetchAsync(10, "limited"));
        using var work = RecordWork();
        if (work is null) return;

        Assert.Equal(1, await CompleteAsync(held, StateChange.Succeeded(Now.AddDays(1))));

        await work.WaitForAsync("limited");
    }

    [Fact]
    public async Task Notifications_wake_the_queue_of_waiting_jobs_when_a_limit_is_raised()
    {
        await CreateAsync(Keyed("k", 1, "limited"), Keyed("k", 1, "limited"));
        Assert.Single(await FetchAsync(10, "limited"));
        using var work = RecordWork();
        if (work is null) return;

        await SetLimitAsync("k", 2);

        await work.WaitForAsync("limited");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_limit_below_one_is_refused_naming_the_key(int limit)
    {
        var created = await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(Keyed("tenant:7", limit)));
        Assert.Contains("tenant:7", created.Message, StringComparison.Ordinal);
        Assert.Contains("1 or more", created.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAllAsync());

        var set = await Assert.ThrowsAsync<ArgumentException>(() => SetLimitAsync("tenant:7", limit));
        Assert.Contains("tenant:7", set.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_over_the_length_limit_or_empty_is_refused()
    {
        var tooLong = new string('k', ConcurrencyLimit.MaxKeyLength + 1);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(Keyed(tooLong, 1)));
        Assert.Contains($"at most {ConcurrencyLimit.MaxKeyLength}", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(Keyed("", 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => SetLimitAsync(tooLong, 1));
        Assert.Equal(0, await CountAllAsync());

        await CreateAsync(Keyed(new string('k', ConcurrencyLimit.MaxKeyLength), 1));
        Assert.Single(await FetchAsync(10));
    }
}
