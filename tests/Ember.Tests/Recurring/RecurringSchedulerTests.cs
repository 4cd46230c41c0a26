using Ember.InMemory;
using Ember.Invocations;
using Ember.Recurring;
using Ember.Storage;
using Ember.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.Recurring;

public class RecurringSchedulerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryJobStore _store;
    private readonly RecurringJobManager _manager;
    private readonly RecurringScheduler _scheduler;

    public RecurringSchedulerTests()
    {
        _store = new InMemoryJobStore(_time);
        _manager = new RecurringJobManager(_store, timeProvider: _time);
        _scheduler = new RecurringScheduler(_store, new InvocationBinder(new EmberOptions().SerializerOptions), _time, NullLogger.Instance);
    }

    [Fact]
    public async Task Daily_ticks_fire_at_local_time_across_both_daylight_saving_changes()
    {
        // Berlin: clocks go 02:00 → 03:00 on 2026-03-29 and 03:00 → 02:00 on 2026-10-25. 04:30 local is 03:30 UTC in
        // winter (CET, UTC+1) and 02:30 UTC in summer (CEST, UTC+2).
        var berlin = new RecurringJobOptions { TimeZoneId = "Europe/Berlin" };
        _manager.AddOrUpdate("spring", () => TestJobs.Record("k"), Cron.Daily(4, 30), berlin);
        Assert.Equal([At(2026, 3, 28, 3, 30), At(2026, 3, 29, 2, 30), At(2026, 3, 30, 2, 30)], await TicksAsync("spring", until: At(2026, 3, 31, 0, 0)));
        _manager.RemoveIfExists("spring");

        _time.SetUtcNow(At(2026, 10, 24, 0, 0));
        _manager.AddOrUpdate("autumn", () => TestJobs.Record("k"), Cron.Daily(4, 30), berlin);
        Assert.Equal([At(2026, 10, 24, 2, 30), At(2026, 10, 25, 3, 30), At(2026, 10, 26, 3, 30)], await TicksAsync("autumn", until: At(2026, 10, 27, 0, 0)));
    }

    [Fact]
    public async Task A_time_skipped_in_spring_fires_at_the_next_valid_time_and_a_time_repeated_in_autumn_fires_once()
    {
        var berlin = new RecurringJobOptions { TimeZoneId = "Europe/Berlin" };
        _manager.AddOrUpdate("spring", () => TestJobs.Record("k"), Cron.Daily(2, 30), berlin);
        // 02:30 doesn't exist on 2026-03-29 in Berlin: it fires at 03:00 local (01:00 UTC) instead.
        Assert.Equal([At(2026, 3, 28, 1, 30), At(2026, 3, 29, 1, 0)], await TicksAsync("spring", until: At(2026, 3, 29, 12, 0)));
        _manager.RemoveIfExists("spring");

        _time.SetUtcNow(At(2026, 10, 24, 12, 0));
        _manager.AddOrUpdate("autumn", () => TestJobs.Record("k"), Cron.Daily(2, 30), berlin);
        // 02:30 happens twice on 2026-10-25: it fires once, at the first (00:30 UTC, still summer time).
        Assert.Equal([At(2026, 10, 25, 0, 30)], await TicksAsync("autumn", until: At(2026, 10, 25, 12, 0)));
    }

    [Theory]
    [InlineData(MisfireHandlingMode.RunOnce, 1)]
    [InlineData(MisfireHandlingMode.RunAll, 4)]
    [InlineData(MisfireHandlingMode.Skip, 0)]
    public async Task Occurrences_missed_during_downtime_follow_the_misfire_mode(MisfireHandlingMode misfire, int expectedJobs)
    {
        _manager.AddOrUpdate("hourly", () => TestJobs.Record("k"), Cron.Hourly(), new RecurringJobOptions { MisfireHandling = misfire });
        _time.Advance(TimeSpan.FromHours(4.5)); // 13:00, 14:00, 15:00 and 16:00 (UTC) passed with no server running

        await _scheduler.FireDueAsync(CancellationToken.None);

        var recurring = (await _store.Queries.GetRecurringJobAsync("hourly"))!;
        Assert.Equal(expectedJobs, (await _store.Queries.GetStateCountsAsync())[JobState.Enqueued]);
        Assert.Equal(At(2026, 3, 27, 16, 0), recurring.LastRunAt);
        Assert.Equal(At(2026, 3, 27, 17, 0), recurring.NextRunAt);
    }

    [Theory]
    [InlineData(MisfireHandlingMode.RunOnce, 1)]
    [InlineData(MisfireHandlingMode.RunAll, 4)]
    [InlineData(MisfireHandlingMode.Skip, 0)]
    public async Task A_paused_recurring_job_fires_nothing_and_on_resume_its_missed_occurrences_follow_the_misfire_mode(MisfireHandlingMode misfire, int expectedJobs)
    {
        _manager.AddOrUpdate("hourly", () => TestJobs.Record("k"), Cron.Hourly(), new RecurringJobOptions { MisfireHandling = misfire });
        Assert.True(_manager.Pause("hourly"));
        // An update while paused keeps the pause.
        _manager.AddOrUpdate("hourly", () => TestJobs.Record("k2"), Cron.Hourly(), new RecurringJobOptions { MisfireHandling = misfire });

        for (var hour = 0; hour < 9; hour++)
        {
            _time.Advance(TimeSpan.FromMinutes(30)); // 13:00, 14:00, 15:00 and 16:00 (UTC) pass while paused
            Assert.Equal(0, await _scheduler.FireDueAsync(CancellationToken.None));
        }
        Assert.Equal(0, (await _store.Queries.GetStateCountsAsync())[JobState.Enqueued]);

        Assert.True(_manager.Resume("hourly"));
        await _scheduler.FireDueAsync(CancellationToken.None);

        Assert.Equal(expectedJobs, (await _store.Queries.GetStateCountsAsync())[JobState.Enqueued]);
        Assert.Equal(At(2026, 3, 27, 17, 0), (await _store.Queries.GetRecurringJobAsync("hourly"))!.NextRunAt);
        Assert.False(_manager.Pause("missing"));
    }

    [Fact]
    public async Task Skip_still_fires_an_occurrence_that_is_only_a_little_late()
    {
        _manager.AddOrUpdate("hourly", () => TestJobs.Record("k"), Cron.Hourly(), new RecurringJobOptions { MisfireHandling = MisfireHandlingMode.Skip });
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(2));

        await _scheduler.FireDueAsync(CancellationToken.None);

        Assert.Equal(1, (await _store.Queries.GetStateCountsAsync())[JobState.Enqueued]);
    }

    [Fact]
    public async Task A_job_type_that_no_longer_loads_disables_only_that_recurring_job_with_the_reason()
    {
        await _store.UpsertRecurringJobAsync(new RecurringJobRecord
        {
            Id = "gone", Cron = "* * * * *", TimeZoneId = "UTC", Queue = "default", NextRunAt = _time.GetUtcNow(),
            Invocation = """{"type":"Gone.Jobs, Gone","method":"Run","parameterTypes":[],"arguments":[]}""",
        });
        await _store.UpsertRecurringJobAsync(new RecurringJobRecord
        {
            Id = "broken-cron", Cron = "not a cron", TimeZoneId = "UTC", Queue = "default", NextRunAt = _time.GetUtcNow(),
            Invocation = Invocation.Serialize(Job.FromExpression(() => TestJobs.Record("k")), new EmberOptions().SerializerOptions),
        });
        _manager.AddOrUpdate("healthy", () => TestJobs.Record("k"), Cron.Minutely());
        _time.Advance(TimeSpan.FromMinutes(1));

        await _scheduler.FireDueAsync(CancellationToken.None);

        var gone = (await _store.Queries.GetRecurringJobAsync("gone"))!;
        Assert.Null(gone.NextRunAt);
        Assert.Contains("Gone.Jobs, Gone", gone.Error, StringComparison.Ordinal);
        Assert.Contains("\"not a cron\"", (await _store.Queries.GetRecurringJobAsync("broken-cron"))!.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await _store.Queries.GetStateCountsAsync())[JobState.Enqueued]);
        Assert.NotNull((await _store.Queries.GetRecurringJobAsync("healthy"))!.LastJobId);
    }

    [Fact]
    public async Task Each_occurrence_fires_once_however_many_schedulers_race()
    {
        _manager.AddOrUpdate("tick", () => TestJobs.Record("k"), "* * * * * *");
        var schedulers = Enumerable.Range(0, 4).Select(_ => new RecurringScheduler(_store, new InvocationBinder(new EmberOptions().SerializerOptions), _time, NullLogger.Instance)).ToArray();

        for (var second = 0; second < 30; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAll(schedulers.Select(s => Task.Run(() => s.FireDueAsync(CancellationToken.None))));
        }

        Assert.Equal(30, (await _store.Queries.GetStateCountsAsync())[JobState.Enqueued]);
    }

    // Advances the fake clock minute by minute, firing due jobs, and returns the occurrence each firing recorded.
    private async Task<List<DateTimeOffset>> TicksAsync(string id, DateTimeOffset until)
    {
        var fired = new List<DateTimeOffset>();
        while (_time.GetUtcNow() < until)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            if (await _scheduler.FireDueAsync(CancellationToken.None) > 0)
                fired.Add((await _store.Queries.GetRecurringJobAsync(id))!.LastRunAt!.Value);
        }
        return fired;
    }

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
