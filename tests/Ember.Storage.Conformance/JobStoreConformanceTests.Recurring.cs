using Xunit;

namespace Ember.Storage.Conformance;

// Recurring jobs: stored definitions, the due list, and firing by compare-and-set on NextRunAt so that each occurrence
// creates its jobs once however many servers race for it. The store computes nothing: the core gives every value.
public abstract partial class JobStoreConformanceTests
{
    /// <summary>
    /// A recurring job with every field set. CreatedAt is the store's "now", so the record reads back the same whether the
    /// store stamps CreatedAt from its clock or keeps the first record's value.
    /// </summary>
    private RecurringJobRecord Recurring(string id, DateTimeOffset? nextRunAt, string? error = null) => new()
    {
        Id = id,
        Cron = "*/5 * * * *",
        TimeZoneId = "Europe/Berlin",
        Queue = "reports",
        Invocation = $$"""{"recurring":"{{id}}"}""",
        Misfire = MisfireHandlingMode.RunAll,
        NextRunAt = nextRunAt,
        LastRunAt = Start.AddMinutes(-5),
        LastJobId = "previous-job",
        Error = error,
        CreatedAt = Now,
    };

    private Task UpsertAsync(RecurringJobRecord record) => Store.UpsertRecurringJobAsync(record);

    private async Task<RecurringJobRecord> GetRecurringAsync(string id)
    {
        var record = await Store.Queries.GetRecurringJobAsync(id);
        Assert.NotNull(record);
        return record;
    }

    private Task<IReadOnlyList<string>?> FireAsync(string id, DateTimeOffset? expected, DateTimeOffset? next, DateTimeOffset runAt, params NewJob[] jobs) =>
        Store.FireRecurringJobAsync(new FireRecurringJobRequest(id, expected, next, runAt, jobs));

    /// <summary>Fires, and fails the test when the store refuses: returns the ids of the jobs created.</summary>
    private async Task<IReadOnlyList<string>> FireAcceptedAsync(string id, DateTimeOffset? expected, DateTimeOffset? next, DateTimeOffset runAt, params NewJob[] jobs)
    {
        var ids = await FireAsync(id, expected, next, runAt, jobs);
        Assert.True(ids is not null, $"The fire of '{id}' expecting {expected?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "null"} was refused.");
        return ids;
    }

    private Task<bool> DisableAsync(string id, DateTimeOffset? expected, string error) =>
        Store.DisableRecurringJobAsync(new DisableRecurringJobRequest(id, expected, error));

    private async Task<IReadOnlyList<string>> DueIdsAsync(int maxCount = 100) =>
        (await Store.GetDueRecurringJobsAsync(new DueRecurringJobsRequest(maxCount))).Select(r => r.Id).ToArray();

    /// <summary>The job a recurring job's run creates: Enqueued on its queue, with a numbered invocation.</summary>
    private static NewJob RunJob(int n = 0) => Job(queue: "reports", invocation: $$"""{"run":{{n}}}""");

    // ---- Upsert, get, remove ----

    [Fact]
    public async Task UpsertRecurring_stores_every_field()
    {
        Advance(5);
        var record = Recurring("nightly-report", Start.AddMinutes(5), error: "Cron no longer parses");

        await UpsertAsync(record);

        Assert.Equal(record, await GetRecurringAsync("nightly-report"));
    }

    [Fact]
    public async Task UpsertRecurring_stores_the_id_and_texts_exactly()
    {
        const string text = "Rëport 日本 🔥 'quoted' \"double\" %_\\";
        var id = text + new string('x', 100 - text.Length); // the longest id: 100 UTF-16 characters
        Assert.Equal(100, id.Length);
        var record = Recurring(id, null) with { Invocation = """{"args":["Ünïcödé","'; DROP TABLE recurring; --"]}""", TimeZoneId = "America/Argentina/Buenos_Aires" };

        await UpsertAsync(record);

        Assert.Equal(record, await GetRecurringAsync(id));
        Assert.Equal([id], (await Store.Queries.GetRecurringJobsAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task UpsertRecurring_of_an_existing_id_replaces_every_field_but_keeps_CreatedAt()
    {
        await UpsertAsync(Recurring("report", Start.AddMinutes(5), error: "broken"));
        Advance(TimeSpan.FromHours(1));
        var replacement = new RecurringJobRecord
        {
            Id = "report", Cron = "0 3 * * *", TimeZoneId = "UTC", Queue = "low", Invocation = """{"v":2}""", Misfire = MisfireHandlingMode.Skip,
            NextRunAt = Now.AddHours(14), LastRunAt = null, LastJobId = null, Error = null, CreatedAt = Now,
        };

        await UpsertAsync(replacement);

        Assert.Equal(replacement with { CreatedAt = Start }, await GetRecurringAsync("report"));
        Assert.Single(await Store.Queries.GetRecurringJobsAsync());
    }

    [Fact]
    public async Task GetRecurringJob_of_an_unknown_id_returns_null()
    {
        await UpsertAsync(Recurring("report", Start));

        Assert.Null(await Store.Queries.GetRecurringJobAsync("other"));
        Assert.Null(await Store.Queries.GetRecurringJobAsync(""));
    }

    [Fact]
    public async Task GetRecurringJobs_lists_every_recurring_job_by_id()
    {
        await UpsertAsync(Recurring("charlie", Start));
        await UpsertAsync(Recurring("alpha", null, error: "disabled"));
        await UpsertAsync(Recurring("bravo", Start.AddDays(1)));

        var all = await Store.Queries.GetRecurringJobsAsync();

        Assert.Equal(["alpha", "bravo", "charlie"], all.Select(r => r.Id));
        Assert.Equal(Recurring("alpha", null, error: "disabled"), all[0]);
    }

    [Fact]
    public async Task GetRecurringJobs_of_an_empty_store_is_empty()
    {
        Assert.Empty(await Store.Queries.GetRecurringJobsAsync());
    }

    [Fact]
    public async Task RemoveRecurring_removes_it_once()
    {
        await UpsertAsync(Recurring("report", Start));
        await UpsertAsync(Recurring("other", Start));

        Assert.True(await Store.RemoveRecurringJobAsync("report"));
        Assert.False(await Store.RemoveRecurringJobAsync("report"));
        Assert.False(await Store.RemoveRecurringJobAsync("never-added"));

        Assert.Null(await Store.Queries.GetRecurringJobAsync("report"));
        Assert.Equal(["other"], await DueIdsAsync());
        Assert.Equal(["other"], (await Store.Queries.GetRecurringJobsAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task RemoveRecurring_leaves_the_jobs_it_created()
    {
        await UpsertAsync(Recurring("report", Start));
        var jobId = Assert.Single(await FireAcceptedAsync("report", Start, Start.AddMinutes(5), Start, RunJob()));

        Assert.True(await Store.RemoveRecurringJobAsync("report"));

        Assert.Equal(JobState.Enqueued, await GetStateAsync(jobId));
        await FetchOneAsync(jobId, "reports");
    }

    [Fact]
    public async Task UpsertRecurring_after_a_remove_adds_it_anew()
    {
        await UpsertAsync(Recurring("report", Start));
        Assert.True(await Store.RemoveRecurringJobAsync("report"));
        Advance(TimeSpan.FromHours(1));

        await UpsertAsync(Recurring("report", Now.AddMinutes(5)));

        Assert.Equal(Recurring("report", Now.AddMinutes(5)), await GetRecurringAsync("report"));
    }

    // ---- Due ----

    [Fact]
    public async Task GetDueRecurringJobs_returns_only_jobs_whose_time_has_come_earliest_first()
    {
        await UpsertAsync(Recurring("a-now", Start.AddSeconds(10)));
        await UpsertAsync(Recurring("b-future", Start.AddSeconds(11)));
        await UpsertAsync(Recurring("c-past", Start.AddSeconds(-50)));
        await UpsertAsync(Recurring("d-disabled", null, error: "broken"));
        await UpsertAsync(Recurring("e-past", Start));
        Advance(10);

        var due = await Store.GetDueRecurringJobsAsync(new DueRecurringJobsRequest(100));

        Assert.Equal(["c-past", "e-past", "a-now"], due.Select(r => r.Id));
        Assert.Equal(await GetRecurringAsync("a-now"), due[2]);
    }

    [Fact]
    public async Task GetDueRecurringJobs_returns_at_most_MaxCount_earliest_first()
    {
        await UpsertAsync(Recurring("third", Start.AddSeconds(-1)));
        await UpsertAsync(Recurring("first", Start.AddSeconds(-3)));
        await UpsertAsync(Recurring("second", Start.AddSeconds(-2)));

        Assert.Equal(["first", "second"], await DueIdsAsync(maxCount: 2));
        Assert.Equal(["first"], await DueIdsAsync(maxCount: 1));
    }

    [Fact]
    public async Task GetDueRecurringJobs_with_nothing_due_is_empty()
    {
        Assert.Empty(await DueIdsAsync());
        await UpsertAsync(Recurring("later", Start.AddSeconds(1)));
        await UpsertAsync(Recurring("disabled", null, error: "broken"));

        Assert.Empty(await DueIdsAsync());
    }

    // ---- Fire ----

    [Fact]
    public async Task FireRecurring_creates_the_job_and_moves_the_schedule()
    {
        await UpsertAsync(Recurring("report", Start.AddMinutes(5), error: "old error"));
        Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(2));

        var ids = await FireAcceptedAsync("report", Start.AddMinutes(5), Start.AddMinutes(10), Start.AddMinutes(5), RunJob(7) with { Reason = "Recurring job report" });

        var id = Assert.Single(ids);
        var details = await GetAsync(id);
        Assert.Equal((JobState.Enqueued, "reports", """{"run":7}""", Now), (details.Job.State, details.Job.Queue, details.Job.Invocation, details.Job.CreatedAt));
        Assert.Equal(new StateHistoryEntry(JobState.Enqueued, HistoryKind.Created, Now, "Recurring job report", null, null, null), Assert.Single(details.History));
        Assert.Equal(
            Recurring("report", Start.AddMinutes(10)) with { LastRunAt = Start.AddMinutes(5), LastJobId = id, CreatedAt = Start },
            await GetRecurringAsync("report"));
        Assert.Empty(await DueIdsAsync());
        await FetchOneAsync(id, "reports");
    }

    [Fact]
    public async Task FireRecurring_creates_several_jobs_in_order()
    {
        var before = await CreateEnqueuedAsync();
        await UpsertAsync(Recurring("report", Start.AddMinutes(-15)));

        var ids = await FireAcceptedAsync("report", Start.AddMinutes(-15), Start.AddMinutes(5), Start,
            RunJob(1), RunJob(2) with { Queue = "other" }, Job(JobState.Scheduled, "reports", Start.AddMinutes(1), invocation: """{"run":3}"""));

        Assert.Equal(3, ids.Count);
        string[] all = [before, .. ids];
        Assert.Equal(Sorted(all), all);
        var jobs = await Task.WhenAll(ids.Select(GetInfoAsync));
        Assert.Equal(
            [(JobState.Enqueued, "reports", """{"run":1}"""), (JobState.Enqueued, "other", """{"run":2}"""), (JobState.Scheduled, "reports", """{"run":3}""")],
            jobs.Select(j => (j.State, j.Queue, j.Invocation)));
        Assert.Equal(Start.AddMinutes(1), jobs[2].ScheduledAt);
        Assert.Equal(ids[2], (await GetRecurringAsync("report")).LastJobId);
    }

    [Fact]
    public async Task FireRecurring_with_no_jobs_moves_the_schedule_and_keeps_the_last_job()
    {
        await UpsertAsync(Recurring("report", Start.AddHours(-2), error: "old error"));

        Assert.Empty(await FireAcceptedAsync("report", Start.AddHours(-2), Start.AddMinutes(5), Start.AddHours(-2)));

        Assert.Equal(
            Recurring("report", Start.AddMinutes(5)) with { LastRunAt = Start.AddHours(-2), LastJobId = "previous-job" },
            await GetRecurringAsync("report"));
        Assert.Equal(0L, await CountAllAsync());
    }

    [Fact]
    public async Task FireRecurring_with_a_stale_expected_time_creates_nothing()
    {
        var record = Recurring("report", Start.AddMinutes(10));
        await UpsertAsync(record);

        Assert.Null(await FireAsync("report", Start.AddMinutes(5), Start.AddMinutes(10), Start, RunJob()));
        Assert.Null(await FireAsync("report", null, Start.AddMinutes(10), Start, RunJob()));

        Assert.Equal(record, await GetRecurringAsync("report"));
        Assert.Equal(0L, await CountAllAsync());
    }

    [Fact]
    public async Task FireRecurring_twice_for_the_same_occurrence_fires_once()
    {
        await UpsertAsync(Recurring("report", Start));

        await FireAcceptedAsync("report", Start, Start.AddMinutes(5), Start, RunJob());
        Assert.Null(await FireAsync("report", Start, Start.AddMinutes(5), Start, RunJob()));

        Assert.Equal(1L, await CountAllAsync());
    }

    [Fact]
    public async Task FireRecurring_of_a_removed_or_unknown_id_creates_nothing()
    {
        await UpsertAsync(Recurring("report", Start));
        Assert.True(await Store.RemoveRecurringJobAsync("report"));

        Assert.Null(await FireAsync("report", Start, Start.AddMinutes(5), Start, RunJob()));
        Assert.Null(await FireAsync("never-added", null, Start.AddMinutes(5), Start, RunJob()));

        Assert.Equal(0L, await CountAllAsync());
        Assert.Empty(await Store.Queries.GetRecurringJobsAsync());
    }

    [Fact]
    public async Task FireRecurring_as_a_trigger_keeps_the_schedule()
    {
        await UpsertAsync(Recurring("report", Start.AddMinutes(5)));
        Advance(30);

        var triggeredId = Assert.Single(await FireAcceptedAsync("report", Start.AddMinutes(5), Start.AddMinutes(5), Now, RunJob(1)));

        var record = await GetRecurringAsync("report");
        Assert.Equal((Start.AddMinutes(5), Now, triggeredId), (record.NextRunAt, record.LastRunAt, record.LastJobId));

        // The occurrence itself still fires when it comes.
        Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["report"], await DueIdsAsync());
        var scheduledId = Assert.Single(await FireAcceptedAsync("report", Start.AddMinutes(5), Start.AddMinutes(10), Start.AddMinutes(5), RunJob(2)));
        string[] both = [triggeredId, scheduledId];
        Assert.Equal(Sorted(both), both);
    }

    [Fact]
    public async Task FireRecurring_of_a_disabled_job_matches_an_expected_null_and_clears_the_error()
    {
        await UpsertAsync(Recurring("report", null, error: "Job type no longer loads"));

        var id = Assert.Single(await FireAcceptedAsync("report", null, Start.AddMinutes(5), Now, RunJob()));

        var record = await GetRecurringAsync("report");
        Assert.Equal((Start.AddMinutes(5), Now, id, (string?)null), (record.NextRunAt, record.LastRunAt, record.LastJobId, record.Error));
    }

    [Fact]
    public async Task FireRecurring_may_leave_the_job_disabled()
    {
        await UpsertAsync(Recurring("report", Start));

        var id = Assert.Single(await FireAcceptedAsync("report", Start, null, Start, RunJob()));

        Assert.Equal(Recurring("report", null) with { LastRunAt = Start, LastJobId = id }, await GetRecurringAsync("report"));
        Assert.Empty(await DueIdsAsync());
    }

    [Fact]
    public async Task FireRecurring_that_cannot_create_its_jobs_changes_nothing()
    {
        var record = Recurring("report", Start);
        await UpsertAsync(record);

        await Assert.ThrowsAsync<JobNotFoundException>(() => FireAsync("report", Start, Start.AddMinutes(5), Start, RunJob(), Continuation("999999999")));

        Assert.Equal(record, await GetRecurringAsync("report"));
        Assert.Equal(0L, await CountAllAsync());
    }

    [Fact]
    public async Task FireRecurring_releases_a_continuation_of_a_finished_parent_as_Create_does()
    {
        var parent = await CreateEnqueuedAsync("parents");
        await FinishAsync(parent, JobState.Succeeded);
        await UpsertAsync(Recurring("report", Start));

        var id = Assert.Single(await FireAcceptedAsync("report", Start, Start.AddMinutes(5), Start, Continuation(parent, queue: "reports")));

        Assert.Equal(JobState.Enqueued, await GetStateAsync(id));
        Assert.Equal([id], await Store.Queries.GetContinuationIdsAsync(parent));
    }

    [Fact]
    public async Task FireRecurring_from_racing_servers_fires_each_occurrence_once()
    {
        await UpsertAsync(Recurring("report", Start));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => FireAsync("report", Start, Start.AddMinutes(5), Start, RunJob(i)))));

        var winner = Assert.Single(results, ids => ids is not null);
        var id = Assert.Single(winner!);
        Assert.Equal(1L, await CountAllAsync());
        Assert.Equal(id, Assert.Single(await FetchAsync(100, "reports")).Id);
        var record = await GetRecurringAsync("report");
        Assert.Equal((Start.AddMinutes(5), id), (record.NextRunAt, record.LastJobId));
    }

    [Fact]
    public async Task Notifications_report_the_queue_of_a_job_created_by_a_fire()
    {
        await UpsertAsync(Recurring("report", Start));
        using var work = RecordWork();
        if (work is null) return;

        await FireAcceptedAsync("report", Start, Start.AddMinutes(5), Start, RunJob());

        await work.WaitForAsync("reports");
    }

    // ---- Disable ----

    [Fact]
    public async Task DisableRecurring_with_the_expected_time_disables_it_with_the_error()
    {
        await UpsertAsync(Recurring("report", Start));

        Assert.True(await DisableAsync("report", Start, "Cron '61 * * * *' no longer parses"));

        Assert.Equal(Recurring("report", null, error: "Cron '61 * * * *' no longer parses"), await GetRecurringAsync("report"));
        Advance(TimeSpan.FromDays(365));
        Assert.Empty(await DueIdsAsync());
    }

    [Fact]
    public async Task DisableRecurring_with_a_stale_expected_time_or_an_unknown_id_changes_nothing()
    {
        var record = Recurring("report", Start.AddMinutes(5));
        await UpsertAsync(record);

        Assert.False(await DisableAsync("report", Start, "stale"));
        Assert.False(await DisableAsync("report", null, "stale"));
        Assert.False(await DisableAsync("never-added", Start.AddMinutes(5), "unknown"));

        Assert.Equal(record, await GetRecurringAsync("report"));
        Assert.Null(await Store.Queries.GetRecurringJobAsync("never-added"));
    }

    [Fact]
    public async Task DisableRecurring_of_an_already_disabled_job_replaces_the_error()
    {
        await UpsertAsync(Recurring("report", null, error: "first"));

        Assert.True(await DisableAsync("report", null, "second"));

        Assert.Equal("second", (await GetRecurringAsync("report")).Error);
    }

    [Fact]
    public async Task DisabledRecurring_is_enabled_again_by_a_later_upsert()
    {
        await UpsertAsync(Recurring("report", Start));
        Assert.True(await DisableAsync("report", Start, "broken"));
        Advance(TimeSpan.FromHours(1));

        await UpsertAsync(Recurring("report", Now.AddMinutes(5)));

        Assert.Equal(Recurring("report", Start.AddHours(1).AddMinutes(5)) with { CreatedAt = Start }, await GetRecurringAsync("report"));
        Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["report"], await DueIdsAsync());
    }

    [Fact]
    public async Task DisabledRecurring_is_enabled_again_by_a_later_fire()
    {
        await UpsertAsync(Recurring("report", Start));
        Assert.True(await DisableAsync("report", Start, "broken"));

        await FireAcceptedAsync("report", null, Start.AddMinutes(5), Start, RunJob());

        var record = await GetRecurringAsync("report");
        Assert.Equal((Start.AddMinutes(5), (string?)null), (record.NextRunAt, record.Error));
    }

    [Fact]
    public async Task A_recurring_id_with_a_NUL_character_names_no_recurring_job()
    {
        const string id = "report\0nightly";

        Assert.Null(await Store.Queries.GetRecurringJobAsync(id));
        Assert.False(await Store.RemoveRecurringJobAsync(id));
        Assert.False(await Store.DisableRecurringJobAsync(new DisableRecurringJobRequest(id, Now, "broken")));
    }
}
