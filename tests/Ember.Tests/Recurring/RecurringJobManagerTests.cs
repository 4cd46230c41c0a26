using Ember.InMemory;
using Ember.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.Recurring;

public class RecurringJobManagerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 10, 0, 30, TimeSpan.Zero));
    private readonly InMemoryJobStore _store;
    private readonly RecurringJobManager _manager;

    public RecurringJobManagerTests()
    {
        _store = new InMemoryJobStore(_time);
        _manager = new RecurringJobManager(_store, timeProvider: _time);
    }

    [Theory]
    [InlineData("not a cron")]
    [InlineData("61 * * * *")]
    [InlineData("* * * *")]
    [InlineData("")]
    public async Task Invalid_cron_is_refused_naming_the_expression_and_nothing_is_stored(string cron)
    {
        var error = Assert.Throws<ArgumentException>(() => _manager.AddOrUpdate("job", () => TestJobs.Record("k"), cron));

        Assert.Contains(cron.Length == 0 ? "empty" : $"\"{cron}\"", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.Queries.GetRecurringJobsAsync());
    }

    [Fact]
    public void Unknown_time_zone_id_is_refused_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new RecurringJobOptions { TimeZoneId = "Mars/Olympus_Mons" });

        Assert.Contains("\"Mars/Olympus_Mons\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_id_is_refused(string id)
    {
        Assert.Contains("can't be empty", Assert.Throws<ArgumentException>(() => _manager.AddOrUpdate(id, () => TestJobs.Record("k"), Cron.Minutely())).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nightly\nreport", "nightly\\nreport", "U+000A at position 7")]
    [InlineData("a\r\nb", "a\\r\\nb", "U+000D at position 1")]
    [InlineData("nul\0", "nul\\0", "U+0000 at position 3")]
    [InlineData("tab\there", "tab\\there", "U+0009 at position 3")]
    [InlineData("del\u007f", "del\\u007F", "U+007F at position 3")]
    public async Task An_id_with_a_control_character_is_refused_naming_it_escaped_and_the_rule(string id, string escaped, string where)
    {
        var error = Assert.Throws<ArgumentException>(() => _manager.AddOrUpdate(id, () => TestJobs.Record("k"), Cron.Minutely()));

        Assert.Contains($"Recurring job id \"{escaped}\" contains a control character ({where})", error.Message, StringComparison.Ordinal);
        Assert.Contains("may not contain control characters such as NUL, tab or newline", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.Queries.GetRecurringJobsAsync());
    }

    [Fact]
    public async Task A_stored_id_with_a_control_character_can_still_be_removed()
    {
        // Stored before the rule existed: looking it up stays possible, so it can be cleaned up.
        await _store.UpsertRecurringJobAsync(new Storage.RecurringJobRecord
        {
            Id = "old\nid", Cron = "* * * * *", TimeZoneId = "UTC", Queue = "default",
            Invocation = global::Ember.Invocations.Invocation.Serialize(Job.FromExpression(() => TestJobs.Record("k")), new System.Text.Json.JsonSerializerOptions()),
            NextRunAt = _time.GetUtcNow().AddMinutes(1),
        });

        Assert.True(await _manager.RemoveIfExistsAsync("old\nid"));
    }

    [Fact]
    public void Over_long_id_is_refused_naming_the_limit()
    {
        var error = Assert.Throws<ArgumentException>(() => _manager.AddOrUpdate(new string('x', 101), () => TestJobs.Record("k"), Cron.Minutely()));

        Assert.Contains("limit is 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddOrUpdate_stores_the_definition_with_its_next_occurrence()
    {
        _manager.AddOrUpdate<TestJobs>("report", "critical", x => x.RecordOnInstance("k"), "*/15 * * * *", new RecurringJobOptions { TimeZoneId = "Europe/Paris" });

        var stored = (await _store.Queries.GetRecurringJobAsync("report"))!;
        Assert.Equal("*/15 * * * *", stored.Cron);
        Assert.Equal("Europe/Paris", stored.TimeZoneId);
        Assert.Equal("critical", stored.Queue);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 10, 15, 0, TimeSpan.Zero), stored.NextRunAt);
        Assert.Equal(MisfireHandlingMode.RunOnce, stored.Misfire);
    }

    [Fact]
    public async Task Six_fields_include_seconds_and_macros_are_accepted()
    {
        _manager.AddOrUpdate("seconds", () => TestJobs.Record("k"), "*/10 * * * * *");
        _manager.AddOrUpdate("hourly", () => TestJobs.Record("k"), "@hourly");

        Assert.Equal(new DateTimeOffset(2026, 6, 1, 10, 0, 40, TimeSpan.Zero), (await _store.Queries.GetRecurringJobAsync("seconds"))!.NextRunAt);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 11, 0, 0, TimeSpan.Zero), (await _store.Queries.GetRecurringJobAsync("hourly"))!.NextRunAt);
    }

    [Fact]
    public async Task Updating_the_job_keeps_a_pending_occurrence_but_a_new_cron_starts_afresh()
    {
        _manager.AddOrUpdate("job", () => TestJobs.Record("a"), Cron.Hourly());
        _time.Advance(TimeSpan.FromHours(3)); // the 11:00 occurrence is pending (no server ran)

        _manager.AddOrUpdate("job", () => TestJobs.Record("b"), Cron.Hourly());
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 11, 0, 0, TimeSpan.Zero), (await _store.Queries.GetRecurringJobAsync("job"))!.NextRunAt);

        _manager.AddOrUpdate("job", () => TestJobs.Record("b"), Cron.Daily(6));
        Assert.Equal(new DateTimeOffset(2026, 6, 2, 6, 0, 0, TimeSpan.Zero), (await _store.Queries.GetRecurringJobAsync("job"))!.NextRunAt);
    }

    [Fact]
    public async Task Trigger_creates_a_job_now_and_leaves_the_schedule_alone()
    {
        _manager.AddOrUpdate("job", () => TestJobs.Record("k"), Cron.Daily());
        var before = (await _store.Queries.GetRecurringJobAsync("job"))!;

        var id = _manager.Trigger("job");

        var after = (await _store.Queries.GetRecurringJobAsync("job"))!;
        Assert.Equal(JobState.Enqueued, (await _store.Queries.GetJobAsync(id!))!.Job.State);
        Assert.Equal(before.NextRunAt, after.NextRunAt);
        Assert.Equal(id, after.LastJobId);
        Assert.Null(_manager.Trigger("missing"));
    }

    [Fact]
    public async Task RemoveIfExists_removes_and_reports_whether_it_existed()
    {
        _manager.AddOrUpdate("job", () => TestJobs.Record("k"), Cron.Daily());

        Assert.True(_manager.RemoveIfExists("job"));
        Assert.False(_manager.RemoveIfExists("job"));
        Assert.Null(await _store.Queries.GetRecurringJobAsync("job"));
    }
}
