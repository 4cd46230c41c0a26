using Xunit;

namespace Ember.Storage.Conformance;

// EnqueueDueScheduledAsync: Scheduled jobs move to Enqueued when their time comes, each exactly once.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task EnqueueDueScheduled_enqueues_only_jobs_that_are_due()
    {
        var early = await CreateScheduledAsync(Start.AddSeconds(10));
        var onTime = await CreateScheduledAsync(Start.AddSeconds(20));
        var later = await CreateScheduledAsync(Start.AddSeconds(30));
        Advance(20);

        Assert.Equal(2, await EnqueueDueAsync());

        Assert.Equal(
            [JobState.Enqueued, JobState.Enqueued, JobState.Scheduled],
            [await GetStateAsync(early), await GetStateAsync(onTime), await GetStateAsync(later)]);
        Assert.Equal(Start.AddSeconds(30), (await GetInfoAsync(later)).ScheduledAt);
    }

    [Fact]
    public async Task EnqueueDueScheduled_with_nothing_due_enqueues_nothing()
    {
        var id = await CreateScheduledAsync(Start.AddSeconds(10));
        Advance(9);

        Assert.Equal(0, await EnqueueDueAsync());
        Assert.Equal(JobState.Scheduled, await GetStateAsync(id));
    }

    [Fact]
    public async Task EnqueueDueScheduled_adds_a_history_entry()
    {
        var id = await CreateScheduledAsync(Start.AddSeconds(10));
        Advance(15);

        Assert.Equal(1, await EnqueueDueAsync());

        var details = await GetAsync(id);
        Assert.Equal((JobState.Enqueued, Now), (details.Job.State, details.Job.StateChangedAt));
        Assert.Equal(2, details.History.Count);
        Assert.Equal(new StateHistoryEntry(JobState.Enqueued, HistoryKind.Due, Now, null, null, null, null), details.History[1]);
    }

    [Fact]
    public async Task EnqueueDueScheduled_enqueues_at_most_MaxCount()
    {
        for (var i = 0; i < 3; i++) await CreateScheduledAsync(Start.AddSeconds(i));
        Advance(10);

        Assert.Equal(2, await EnqueueDueAsync(maxCount: 2));
        Assert.Equal(1, await EnqueueDueAsync(maxCount: 2));
        Assert.Equal(0, await EnqueueDueAsync(maxCount: 2));
    }

    [Fact]
    public async Task EnqueueDueScheduled_makes_the_job_fetchable()
    {
        var id = await CreateScheduledAsync(Start.AddSeconds(10), "mail");
        Assert.Empty(await FetchAsync(10, "mail"));
        Advance(10);

        Assert.Equal(1, await EnqueueDueAsync());

        var fetched = await FetchOneAsync(id, "mail");
        Assert.Equal(1, fetched.Attempt);
    }

    [Fact]
    public async Task EnqueueDueScheduled_from_parallel_callers_moves_each_job_once()
    {
        const int jobCount = 50;
        var ids = await CreateAsync(Enumerable.Range(0, jobCount).Select(i => Job(JobState.Scheduled, scheduledAt: Start.AddSeconds(i % 5))).ToArray());
        Advance(10);

        var moved = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var total = 0;
            while (await EnqueueDueAsync(maxCount: 5) is var count and > 0) total += count;
            return total;
        })));

        Assert.Equal(jobCount, moved.Sum());
        foreach (var id in ids) Assert.Equal(2, (await GetAsync(id)).History.Count);
    }
}
