using System.Text;
using Xunit;

namespace Ember.Storage.Conformance;

// CreateJobsAsync: ids, initial states, the first history entry, the invocation stored as is.
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task Create_returns_unique_ids_increasing_in_creation_order()
    {
        // 15 jobs in two batches: enough to cross from one digit to two in a counter.
        var first = await CreateAsync(Enumerable.Range(0, 7).Select(_ => Job()).ToArray());
        var second = await CreateAsync(Enumerable.Range(0, 8).Select(_ => Job()).ToArray());

        Assert.Equal(7, first.Count);
        Assert.Equal(8, second.Count);
        var all = first.Concat(second).ToArray();
        Assert.Equal(all.Length, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(all, Sorted(all));
    }

    [Fact]
    public async Task Create_returns_ids_in_request_order()
    {
        var ids = await CreateAsync(Job(queue: "a"), Job(queue: "b"), Job(queue: "c"));

        Assert.Equal(["a", "b", "c"], await Task.WhenAll(ids.Select(async id => (await GetInfoAsync(id)).Queue)));
    }

    [Fact]
    public async Task Create_with_no_jobs_returns_no_ids()
    {
        Assert.Empty(await CreateAsync());
    }

    [Fact]
    public async Task Create_stores_each_initial_state()
    {
        var parent = await CreateEnqueuedAsync();
        Advance(5);
        var dueAt = Now.AddHours(1);

        var ids = await CreateAsync(
            Job(JobState.Enqueued, "q1"),
            Job(JobState.Scheduled, "q2", dueAt),
            Continuation(parent, queue: "q3"));

        var enqueued = await GetInfoAsync(ids[0]);
        var scheduled = await GetInfoAsync(ids[1]);
        var awaiting = await GetInfoAsync(ids[2]);
        Assert.Equal((JobState.Enqueued, "q1", (DateTimeOffset?)null), (enqueued.State, enqueued.Queue, enqueued.ScheduledAt));
        Assert.Equal((JobState.Scheduled, "q2", (DateTimeOffset?)dueAt), (scheduled.State, scheduled.Queue, scheduled.ScheduledAt));
        Assert.Equal((JobState.Awaiting, "q3", (DateTimeOffset?)null), (awaiting.State, awaiting.Queue, awaiting.ScheduledAt));
    }

    [Fact]
    public async Task Create_stamps_the_job_from_the_clock_with_nothing_else_set()
    {
        Advance(5);

        var job = await GetInfoAsync(await CreateEnqueuedAsync());

        Assert.Equal(Start.AddSeconds(5), job.CreatedAt);
        Assert.Equal(Start.AddSeconds(5), job.StateChangedAt);
        Assert.Equal(0, job.Attempt);
        Assert.Null(job.LastError);
        Assert.Null(job.ServerId);
        Assert.Null(job.LeaseExpiresAt);
        Assert.Null(job.ExpireAt);
    }

    [Theory]
    [InlineData(JobState.Enqueued)]
    [InlineData(JobState.Scheduled)]
    [InlineData(JobState.Awaiting)]
    public async Task Create_adds_a_first_history_entry_with_the_reason(JobState state)
    {
        var parentId = state == JobState.Awaiting ? await CreateEnqueuedAsync() : null;
        Advance(5);
        var scheduledAt = state == JobState.Scheduled ? Now.AddMinutes(1) : (DateTimeOffset?)null;

        var details = await GetAsync(await CreateAsync(Job(state, scheduledAt: scheduledAt, reason: $"Created {state}") with { ParentId = parentId }));

        var entry = Assert.Single(details.History);
        Assert.Equal(new StateHistoryEntry(state, HistoryKind.Created, Now, $"Created {state}", null, null, null), entry);
    }

    [Fact]
    public async Task Create_without_a_reason_stores_none()
    {
        var entry = Assert.Single((await GetAsync(await CreateEnqueuedAsync())).History);

        Assert.Null(entry.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"type":"Ünïcödé.Jöbs, Äpp","args":["日本語","emoji 🔥👍🏽","zwj 👩‍👩‍👧"]}""")]
    [InlineData("""{"quotes":"\"double\" 'single' `back`","escapes":"\\n \\t \\\\ \\u0000","sql":"'; DROP TABLE jobs; --"}""")]
    [InlineData("  leading and trailing whitespace\r\n\ttabs and CRLF\n  ")]
    [InlineData("%s %d {0} $1 @p0 :name ? \\")]
    public async Task Create_stores_the_invocation_exactly(string invocation)
    {
        var id = await CreateAsync(Job(invocation: invocation));

        Assert.Equal(invocation, (await GetInfoAsync(id)).Invocation);
        Assert.Equal(invocation, (await FetchOneAsync(id)).Invocation);
    }

    [Fact]
    public async Task Create_stores_a_one_megabyte_invocation_exactly()
    {
        var builder = new StringBuilder(1 << 20);
        for (var i = 0; builder.Length < 1 << 20; i++) builder.Append(i).Append(" «ünï» 日本 🔥 \"q\" \\ ");
        var invocation = builder.ToString();

        var id = await CreateAsync(Job(invocation: invocation));

        Assert.True(invocation == (await GetInfoAsync(id)).Invocation, "The stored invocation differs from the one created.");
        Assert.True(invocation == (await FetchOneAsync(id)).Invocation, "The fetched invocation differs from the one created.");
    }

    [Fact]
    public async Task Create_refuses_an_invocation_over_the_size_limit_naming_the_option_and_stores_nothing()
    {
        // 1.5 million characters of three UTF-8 bytes each: 4.5 MB, over the 4 MiB default, though under it in characters.
        var huge = "{\"data\":\"" + new string('€', 1_500_000) + "\"}";

        var error = await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(Job(), Job(invocation: huge)));

        Assert.Contains("MaxInvocationBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("4,500,", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAllAsync());
        var fits = "{\"data\":\"" + new string('x', 1_000_000) + "\"}";
        Assert.Equal(fits, (await GetInfoAsync(await CreateAsync(Job(invocation: fits)))).Invocation);
    }
}
