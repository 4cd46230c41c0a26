using Ember.Storage;
using Ember.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ember.Sqlite.Tests;

// A file made by an older build is migrated in place: its jobs stay, and the new operations work on it.
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_version_1_file_migrates_to_the_latest_version_keeping_its_jobs()
    {
        var createdAt = _time.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds();
        _database.Scalar(SqliteMigrator.Migrations[0].Sql + $$"""

            INSERT INTO jobs (queue, state, invocation, created_at, state_changed_at, attempt) VALUES ('default', 'Succeeded', '{}', {{createdAt}}, {{createdAt}}, 1);
            INSERT INTO jobs (queue, state, invocation, created_at, state_changed_at, attempt) VALUES ('default', 'Enqueued', '{}', {{createdAt}}, {{createdAt}}, 0);
            INSERT INTO job_history (job_id, state, at) VALUES (1, 'Succeeded', {{createdAt}}), (2, 'Enqueued', {{createdAt}});
            """);
        Assert.Equal(1L, _database.Scalar("SELECT max(version) FROM schema_version"));
        using var store = _database.CreateStore(_time);

        await store.InitializeAsync();

        // Numbers may have gaps (they are reserved per feature branch), never repeats.
        Assert.Equal(SqliteMigrator.Migrations.Select(m => m.Version).Distinct().Order(), SqliteMigrator.Migrations.Select(m => m.Version));
        Assert.Equal((long)SqliteMigrator.LatestVersion, _database.Scalar("SELECT max(version) FROM schema_version"));
        var old = (await store.Queries.GetJobAsync("1"))!;
        Assert.Equal((JobState.Succeeded, (string?)null, JobContinuationOptions.OnlyOnSucceededState), (old.Job.State, old.Job.ParentId, old.Job.ContinuationOptions));
        Assert.Single(old.History);

        // The parent finished before the migration: its new continuation starts at once; the other one waits.
        var ids = await store.CreateJobsAsync(new CreateJobsRequest([Continuation("1"), Continuation("2")]));
        Assert.Equal([JobState.Enqueued, JobState.Awaiting], [(await store.Queries.GetJobAsync(ids[0]))!.Job.State, (await store.Queries.GetJobAsync(ids[1]))!.Job.State]);
        Assert.Equal([ids[1]], await store.Queries.GetContinuationIdsAsync("2"));
        await store.UpsertRecurringJobAsync(new RecurringJobRecord { Id = "r", Cron = "* * * * *", TimeZoneId = "UTC", Queue = "default", Invocation = "{}" });
        Assert.Equal("r", Assert.Single(await store.Queries.GetRecurringJobsAsync()).Id);
        Assert.True(await store.TryAcquireMutexAsync(new MutexRequest("m", "2", "token")));
    }

    [Fact]
    public async Task A_version_10_file_with_jobs_waiting_for_a_full_key_parks_them_at_the_next_fetch()
    {
        // Before version 11 the fetch passed over a full key's jobs without parking them: they arrive unparked.
        var at = _time.GetUtcNow().AddMinutes(-1).ToUnixTimeMilliseconds();
        _database.Scalar(string.Concat(SqliteMigrator.Migrations.Where(m => m.Version <= 10).Select(m => m.Sql)) + $$"""

            INSERT INTO jobs (queue, state, invocation, created_at, state_changed_at, attempt, concurrency_key, concurrency_limit, server_id, lease_token, lease_expires_at)
                VALUES ('default', 'Processing', '{}', {{at}}, {{at}}, 1, 'k', 1, 's', 't', {{at + 3_600_000}});
            INSERT INTO jobs (queue, state, invocation, created_at, state_changed_at, attempt, concurrency_key, concurrency_limit) VALUES
                ('default', 'Enqueued', '{}', {{at}}, {{at}}, 0, 'k', 1), ('default', 'Enqueued', '{}', {{at}}, {{at}}, 0, 'k', 1);
            INSERT INTO jobs (queue, state, invocation, created_at, state_changed_at, attempt) VALUES ('default', 'Enqueued', '{}', {{at}}, {{at}}, 0);
            """);
        using var store = _database.CreateStore(_time);
        await store.InitializeAsync();
        var fetch = new FetchJobsRequest("s", ["default"], 10, TimeSpan.FromMinutes(5));

        Assert.Equal(["4"], (await store.FetchJobsAsync(fetch)).Select(j => j.Id));
        Assert.Equal(2L, _database.Scalar("SELECT count(*) FROM jobs WHERE parked = 1"));
        Assert.Equal(2, Assert.Single(await store.Queries.GetConcurrencyKeysAsync()).Waiting);

        Assert.Equal(1, (await store.CompleteJobsAsync(new CompleteJobsRequest([new JobCompletion("1", "t", StateChange.Succeeded(_time.GetUtcNow().AddDays(1)))]))).Results.Count(r => r == CompletionResult.Applied));
        Assert.Equal(["2"], (await store.FetchJobsAsync(fetch)).Select(j => j.Id));
    }

    [Fact]
    public async Task A_version_2_file_gets_counters_from_the_jobs_and_history_it_holds()
    {
        // Two hours ago: a job succeeded and one failed (which is still Failed); an hour ago a retried job failed and
        // went back to Enqueued. Two jobs wait in two queues.
        var h2 = _time.GetUtcNow().AddHours(-2).ToUnixTimeMilliseconds();
        var h1 = _time.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds();
        _database.Scalar(SqliteMigrator.Migrations[0].Sql + SqliteMigrator.Migrations[1].Sql + $$"""

            INSERT INTO jobs (queue, state, invocation, created_at, state_changed_at) VALUES ('default', 'Succeeded', '{}', {{h2}}, {{h2}});
            INSERT INTO jobs (queue, state, invocation, created_at, state_changed_at, last_error_type) VALUES ('default', 'Failed', '{}', {{h2}}, {{h2}}, 'System.TimeoutException');
            INSERT INTO jobs (queue, state, invocation, created_at, state_changed_at) VALUES ('default', 'Enqueued', '{}', {{h2}}, {{h1}});
            INSERT INTO jobs (queue, state, invocation, created_at, state_changed_at) VALUES ('critical', 'Enqueued', '{}', {{h1}}, {{h1}});
            INSERT INTO job_history (job_id, state, at) VALUES
                (1, 'Enqueued', {{h2}}), (1, 'Processing', {{h2}}), (1, 'Succeeded', {{h2}}),
                (2, 'Processing', {{h2}}), (2, 'Failed', {{h2}}),
                (3, 'Processing', {{h2}}), (3, 'Failed', {{h1}}), (3, 'Enqueued', {{h1}}),
                (4, 'Enqueued', {{h1}});
            """);
        using var store = _database.CreateStore(_time);

        var statistics = await store.Queries.GetStatisticsAsync();

        Assert.Equal((2L, 1L, 1L, 0L), (statistics.Counts[JobState.Enqueued], statistics.Counts[JobState.Succeeded], statistics.Counts[JobState.Failed], statistics.Counts[JobState.Processing]));
        Assert.Equal((1L, 2L), (statistics.Succeeded, statistics.Failed));
        var hour = HourlyCountsRequest.StartOfHour(_time.GetUtcNow());
        Assert.Equal(
            [new HourlyCounts(hour.AddHours(-2), 1, 1), new HourlyCounts(hour.AddHours(-1), 0, 1), new HourlyCounts(hour, 0, 0)],
            await store.Queries.GetHourlyCountsAsync(new HourlyCountsRequest(hour.AddHours(-2), hour.AddHours(1))));
        Assert.Equal([("critical", 1L), ("default", 1L)], (await store.Queries.GetQueuesAsync()).Select(q => (q.Name, q.Enqueued)));
        Assert.Equal([new FailureGroup("System.TimeoutException", 1)], await store.Queries.GetFailureGroupsAsync());

        // And from there the store keeps them.
        Assert.True(await store.ChangeStateAsync(new ChangeStateRequest("2", new StateChange { State = JobState.Enqueued }, [JobState.Failed])));
        Assert.Equal((3L, 0L), ((await store.Queries.GetStateCountsAsync())[JobState.Enqueued], (await store.Queries.GetStateCountsAsync())[JobState.Failed]));
    }

    [Fact]
    public async Task A_version_3_file_gives_each_history_entry_the_kind_its_reason_text_meant()
    {
        var at = _time.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds();
        var entries = LegacyHistory.Entries;
        _database.Scalar(string.Concat(SqliteMigrator.Migrations.Take(3).Select(m => m.Sql)) + $$"""

            INSERT INTO jobs (queue, state, invocation, created_at, state_changed_at) VALUES ('default', 'Failed', '{}', {{at}}, {{at}});
            """);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(_database.ConnectionString))
        {
            connection.Open();
            foreach (var (state, reason, _) in entries)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO job_history (job_id, state, at, reason) VALUES (1, $state, $at, $reason)";
                insert.Parameters.AddWithValue("$state", state.ToString());
                insert.Parameters.AddWithValue("$at", at);
                insert.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
                insert.ExecuteNonQuery();
            }
        }
        using var store = _database.CreateStore(_time);

        var history = (await store.Queries.GetJobAsync("1"))!.History;

        Assert.Equal(entries.Select(e => (e.State, e.Reason, e.Kind)), history.Select(h => (h.State, h.Reason, h.Kind)));
    }

    [Fact]
    public async Task A_version_1_file_is_refused_without_schema_preparation()
    {
        _database.Scalar(SqliteMigrator.Migrations[0].Sql);
        using var store = _database.CreateStore(_time, prepareSchema: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Assert.Contains("schema version 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, _database.Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'recurring_jobs'"));
    }

    private static NewJob Continuation(string parentId) =>
        new() { Queue = "default", State = JobState.Awaiting, Invocation = "{}", ParentId = parentId };
}
