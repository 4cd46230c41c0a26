using Xunit;

namespace Ember.Storage.Conformance;

// Unique keys (NewJob.Unique): a job whose key is held by a job in one of the key's states (created within its period)
// is not stored; the store answers with the holder's id, deciding in the same transaction as the insert.
public abstract partial class JobStoreConformanceTests
{
    private static NewJob Unique(string key, JobState state = JobState.Enqueued, IReadOnlyList<JobState>? states = null, TimeSpan? period = null, DateTimeOffset? scheduledAt = null) =>
        Job(state, scheduledAt: scheduledAt) with { Unique = new UniqueJobOptions(key) { States = states ?? UniqueJobOptions.DefaultStates, Period = period } };

    private async Task<CreateJobsResult> CreateForResultAsync(params NewJob[] jobs) => await Store.CreateJobsAsync(new CreateJobsRequest(jobs));

    [Fact]
    public async Task CreateJobs_with_a_held_unique_key_returns_the_holder_and_stores_nothing()
    {
        var first = await CreateForResultAsync(Unique("invoice:42"));
        var second = await CreateForResultAsync(Unique("invoice:42"));

        Assert.False(first.IsExisting(0));
        Assert.True(second.IsExisting(0));
        Assert.True(second.AnyExisting);
        Assert.Equal(first[0], second[0]);
        Assert.Equal(1, await CountAllAsync());
    }

    [Fact]
    public async Task CreateJobs_with_different_unique_keys_stores_each()
    {
        var result = await CreateForResultAsync(Unique("invoice:1"), Unique("invoice:2"), Job());

        Assert.Equal(3, result.Distinct().Count());
        Assert.False(result.AnyExisting);
        Assert.Equal(3, await CountAllAsync());
    }

    [Fact]
    public async Task CreateJobs_with_one_key_twice_in_one_call_stores_the_first_only()
    {
        var result = await CreateForResultAsync(Unique("k"), Job(), Unique("k"));

        Assert.Equal(result[0], result[2]);
        Assert.False(result.IsExisting(0));
        Assert.False(result.IsExisting(1));
        Assert.True(result.IsExisting(2));
        Assert.Equal(2, await CountAllAsync());
    }

    [Fact]
    public async Task Unique_key_is_held_while_Scheduled_and_Processing_and_free_once_finished()
    {
        var scheduled = await CreateAsync(Unique("k", JobState.Scheduled, scheduledAt: Now.AddMinutes(1)));
        Assert.Equal(scheduled, (await CreateForResultAsync(Unique("k")))[0]);

        Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await EnqueueDueAsync());
        var run = await FetchOneAsync(scheduled);
        Assert.True((await CreateForResultAsync(Unique("k"))).IsExisting(0));

        Assert.Equal(1, await CompleteAsync(run, StateChange.Succeeded(Now.AddDays(1))));
        var after = await CreateForResultAsync(Unique("k"));
        Assert.False(after.IsExisting(0));
        Assert.NotEqual(scheduled, after[0]);
    }

    [Fact]
    public async Task Unique_key_states_are_chosen_by_the_new_job()
    {
        var first = await CreateAsync(Unique("k"));
        var run = await FetchOneAsync(first);
        Assert.Equal(1, await CompleteAsync(run, StateChange.Succeeded(Now.AddDays(1))));

        // Held in Succeeded too: "run once".
        var again = await CreateForResultAsync(Unique("k", states: [JobState.Enqueued, JobState.Processing, JobState.Succeeded]));
        Assert.True(again.IsExisting(0));
        Assert.Equal(first, again[0]);
        // Only Enqueued: a finished job holds nothing.
        Assert.False((await CreateForResultAsync(Unique("k", states: [JobState.Enqueued]))).IsExisting(0));
    }

    [Fact]
    public async Task Unique_key_with_a_period_is_held_only_by_jobs_created_within_it()
    {
        var first = await CreateAsync(Unique("k", period: TimeSpan.FromMinutes(5)));
        Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(first, (await CreateForResultAsync(Unique("k", period: TimeSpan.FromMinutes(5))))[0]);

        Advance(TimeSpan.FromMinutes(2));
        var later = await CreateForResultAsync(Unique("k", period: TimeSpan.FromMinutes(5)));
        Assert.False(later.IsExisting(0));
        Assert.NotEqual(first, later[0]);
    }

    [Fact]
    public async Task Unique_key_of_a_pruned_job_is_free()
    {
        var first = await CreateAsync(Unique("k", states: [JobState.Deleted, JobState.Enqueued]));
        Assert.True(await ChangeStateAsync(first, StateChange.Deleted(HistoryKind.DeletedByUser, Now.AddSeconds(10)), JobState.Enqueued));
        Assert.True((await CreateForResultAsync(Unique("k", states: [JobState.Deleted]))).IsExisting(0));

        Advance(20);
        Assert.Equal(1, await DeleteExpiredAsync());
        Assert.False((await CreateForResultAsync(Unique("k", states: [JobState.Deleted]))).IsExisting(0));
    }

    [Fact]
    public async Task Fifty_concurrent_creates_of_one_key_store_one_job()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => CreateForResultAsync(Unique("race")))));

        var ids = results.Select(r => r[0]).Distinct().ToArray();
        Assert.Single(ids);
        Assert.Equal(1, results.Count(r => !r.IsExisting(0)));
        Assert.Equal(1, await CountAllAsync());
    }

    [Fact]
    public async Task CreateJobs_with_a_unique_key_over_the_limit_stores_nothing_and_says_so()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CreateForResultAsync(Job(), Unique(new string('k', UniqueJobOptions.MaxKeyLength + 1))));

        Assert.Contains($"at most {UniqueJobOptions.MaxKeyLength}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAllAsync());
    }

    private static NewJob Debounced(string key, DateTimeOffset at, string invocation) =>
        Job(JobState.Scheduled, scheduledAt: at, invocation: invocation) with { Unique = new UniqueJobOptions(key) { Debounce = true } };

    [Fact]
    public async Task Debounce_replaces_a_Scheduled_holders_arguments_and_pushes_its_time_back()
    {
        var first = await CreateAsync(Debounced("d", Now.AddSeconds(10), """{"v":1}"""));
        Advance(5);

        var second = await CreateForResultAsync(Debounced("d", Now.AddSeconds(10), """{"v":2}"""));

        Assert.True(second.IsExisting(0));
        Assert.Equal(first, second[0]);
        var details = await GetAsync(first);
        Assert.Equal(JobState.Scheduled, details.Job.State);
        Assert.Equal("""{"v":2}""", details.Job.Invocation);
        Assert.Equal(Start.AddSeconds(15), details.Job.ScheduledAt);
        Assert.Equal(HistoryKind.Debounced, details.History[^1].Kind);
        Assert.Equal(1, await CountAllAsync());

        // Not due at the first time any more: only at the pushed-back one.
        Advance(6);
        Assert.Equal(0, await EnqueueDueAsync());
        Advance(5);
        Assert.Equal(1, await EnqueueDueAsync());
        Assert.Equal("""{"v":2}""", Assert.Single(await FetchAsync()).Invocation);
    }

    [Fact]
    public async Task Debounce_leaves_a_holder_that_already_runs_as_it_is()
    {
        var first = await CreateAsync(Debounced("d", Now.AddSeconds(1), """{"v":1}"""));
        Advance(2);
        Assert.Equal(1, await EnqueueDueAsync());
        await FetchOneAsync(first);

        var second = await CreateForResultAsync(Debounced("d", Now.AddSeconds(10), """{"v":2}"""));

        Assert.True(second.IsExisting(0));
        var details = await GetAsync(first);
        Assert.Equal(JobState.Processing, details.Job.State);
        Assert.Equal("""{"v":1}""", details.Job.Invocation);
    }
}
