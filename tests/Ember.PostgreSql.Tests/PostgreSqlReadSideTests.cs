using Ember.Storage;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace Ember.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL-specific side of the dashboard's read side: migration 0002 counting what a version-1 schema already
/// holds, retention of hourly counts, counters under concurrent servers, the search bound and the query plans.
/// </summary>
public sealed class PostgreSqlReadSideTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 30, 0, TimeSpan.Zero);
    private readonly string _schema = TestDatabase.NewSchemaName();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly List<PostgreSqlJobStore> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        await TestDatabase.DropSchemaAsync(_schema);
    }

    private async Task<PostgreSqlJobStore> StoreAsync(PostgreSqlStoreOptions? options = null)
    {
        options ??= new PostgreSqlStoreOptions();
        options.SchemaName = _schema;
        var store = new PostgreSqlJobStore(TestDatabase.ConnectionString, options, _time);
        _stores.Add(store);
        await store.InitializeAsync();
        return store;
    }

    private static NewJob Job(string queue = "default", string invocation = "{}") =>
        new() { State = JobState.Enqueued, Queue = queue, Invocation = invocation };

    private async Task<int> RunAsync(PostgreSqlJobStore store, int count, StateChange outcome)
    {
        var runs = await store.FetchJobsAsync(new FetchJobsRequest("server-1", ["default"], count, TimeSpan.FromMinutes(1)));
        if (runs.Count == 0) return 0;
        return (await store.CompleteJobsAsync(new CompleteJobsRequest(runs.Select(r => new JobCompletion(r.Id, r.LeaseToken, outcome)).ToArray()))).Applied;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = TestDatabase.DataSource.CreateCommand(new SchemaName(_schema).Apply(sql));
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Migration_2_counts_the_jobs_and_history_of_a_version_1_schema()
    {
        await ExecuteAsync("CREATE SCHEMA {schema}");
        await ExecuteAsync(PostgreSqlMigrator.Migrations[0].Sql);
        // Three queued, one running, two succeeded at 10:15, one failed at 10:20, retried and failed again at 11:05.
        await ExecuteAsync("""
            INSERT INTO {schema}.jobs (queue, state, invocation, created_at, state_changed_at, last_error_type, last_error_message, last_error_details) VALUES
                ('default', 'Enqueued', '{}', '2030-01-01T10:00Z', '2030-01-01T10:00Z', NULL, NULL, NULL),
                ('default', 'Enqueued', '{}', '2030-01-01T10:00Z', '2030-01-01T10:00Z', NULL, NULL, NULL),
                ('critical', 'Enqueued', '{}', '2030-01-01T10:00Z', '2030-01-01T10:00Z', NULL, NULL, NULL),
                ('default', 'Processing', '{}', '2030-01-01T10:00Z', '2030-01-01T10:00Z', NULL, NULL, NULL),
                ('default', 'Succeeded', '{}', '2030-01-01T10:00Z', '2030-01-01T10:15Z', NULL, NULL, NULL),
                ('default', 'Succeeded', '{}', '2030-01-01T10:00Z', '2030-01-01T10:15Z', NULL, NULL, NULL),
                ('default', 'Failed', '{}', '2030-01-01T10:00Z', '2030-01-01T11:05Z', 'System.TimeoutException', 'm', 'd');
            INSERT INTO {schema}.job_history (job_id, state, at)
            SELECT id, state, state_changed_at FROM {schema}.jobs;
            INSERT INTO {schema}.job_history (job_id, state, at)
            SELECT id, 'Failed', '2030-01-01T10:20Z' FROM {schema}.jobs WHERE state = 'Failed';
            """);

        var store = await StoreAsync();

        var statistics = await store.Queries.GetStatisticsAsync();
        Assert.Equal((3L, 1L, 2L, 1L), (statistics.Counts[JobState.Enqueued], statistics.Counts[JobState.Processing],
            statistics.Counts[JobState.Succeeded], statistics.Counts[JobState.Failed]));
        Assert.Equal((2L, 2L), (statistics.Succeeded, statistics.Failed));
        Assert.Equal([("critical", 1L), ("default", 2L)], (await store.Queries.GetQueuesAsync()).Select(q => (q.Name, q.Enqueued)));
        var tenOClock = new DateTimeOffset(2030, 1, 1, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [new HourlyCounts(tenOClock, 2, 1), new HourlyCounts(tenOClock.AddHours(1), 0, 1)],
            await store.Queries.GetHourlyCountsAsync(new HourlyCountsRequest(tenOClock, tenOClock.AddHours(2))));
        Assert.Equal([new FailureGroup("System.TimeoutException", 1)], await store.Queries.GetFailureGroupsAsync());

        // The new triggers count from here on.
        Assert.Equal(2, await RunAsync(store, 2, new StateChange { State = JobState.Succeeded }));
        statistics = await store.Queries.GetStatisticsAsync();
        Assert.Equal((1L, 4L, 4L), (statistics.Counts[JobState.Enqueued], statistics.Counts[JobState.Succeeded], statistics.Succeeded));
        Assert.Equal([("critical", 1L)], (await store.Queries.GetQueuesAsync()).Select(q => (q.Name, q.Enqueued)));
    }

    [Fact]
    public async Task Hourly_counts_are_kept_31_days_then_folded_into_the_totals()
    {
        var store = await StoreAsync();
        await store.CreateJobsAsync(new CreateJobsRequest([Job(), Job()]));
        await RunAsync(store, 2, new StateChange { State = JobState.Succeeded });
        var hour = HourlyCountsRequest.StartOfHour(Start);
        var request = new HourlyCountsRequest(hour, hour.AddHours(1));

        _time.Advance(TimeSpan.FromDays(31));
        await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100));
        Assert.Equal([new HourlyCounts(hour, 2, 0)], await store.Queries.GetHourlyCountsAsync(request));

        _time.Advance(TimeSpan.FromHours(1));
        await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100));
        Assert.Equal([new HourlyCounts(hour, 0, 0)], await store.Queries.GetHourlyCountsAsync(request));
        Assert.Equal(2L, (await store.Queries.GetStatisticsAsync()).Succeeded);
        var rows = await TestDatabase.ScalarAsync($"SELECT count(*) FROM \"{_schema}\".finished_counts");
        Assert.Equal(1L, rows);
    }

    [Fact]
    public async Task Totals_and_counts_stay_exact_while_servers_complete_and_compact_at_once()
    {
        var stores = new[] { await StoreAsync(), await StoreAsync(), await StoreAsync() };
        await stores[0].CreateJobsAsync(new CreateJobsRequest(Enumerable.Range(0, 600).Select(_ => Job()).ToArray()));

        var applied = await Task.WhenAll(stores.Select(async (store, i) =>
        {
            // Store 0 fails its jobs, the others succeed theirs.
            int total = 0, applied;
            do
            {
                total += applied = await RunAsync(store, 10, new StateChange { State = i == 0 ? JobState.Failed : JobState.Succeeded });
                // The rescuer compacts the deltas every few seconds on every server: here after every batch.
                await store.RescueExpiredLeasesAsync(new RescueExpiredLeasesRequest(100));
            }
            while (applied > 0);
            return total;
        }));

        Assert.Equal(600, applied.Sum());
        var statistics = await stores[0].Queries.GetStatisticsAsync();
        long failed = applied[0], succeeded = applied[1] + applied[2];
        Assert.Equal((0L, 0L, succeeded, failed), (statistics.Counts[JobState.Enqueued], statistics.Counts[JobState.Processing],
            statistics.Succeeded, statistics.Failed));
        Assert.Equal((succeeded, failed), (statistics.Counts[JobState.Succeeded], statistics.Counts[JobState.Failed]));
        Assert.Empty(await stores[0].Queries.GetQueuesAsync());
    }

    [Fact]
    public async Task A_search_examines_only_the_newest_jobs_up_to_MaxJobsSearched_but_finds_an_id_anywhere()
    {
        var store = await StoreAsync(new PostgreSqlStoreOptions { MaxJobsSearched = 2 });
        var ids = await store.CreateJobsAsync(new CreateJobsRequest([Job(invocation: "needle"), Job(), Job(invocation: "needle"), Job()]));

        var found = await store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10) { Search = "NEEDLE" });
        Assert.Equal([ids[2]], found.Select(j => j.Id));
        found = await store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10) { Search = ids[0] });
        Assert.Equal([ids[0]], found.Select(j => j.Id));
        Assert.Empty(await store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10) { Search = "0" + ids[0] }));
    }

    [Theory]
    [InlineData("SELECT id FROM {schema}.jobs WHERE state = 'Succeeded' ORDER BY id DESC LIMIT 20", "ix_jobs_state")]
    [InlineData("SELECT last_error_type, count(*) FROM {schema}.jobs WHERE state = 'Failed' GROUP BY last_error_type", "ix_jobs_failed_type")]
    public async Task Pages_and_failure_groups_read_an_index_not_the_whole_jobs_table(string sql, string index)
    {
        await StoreAsync();
        await using var connection = await TestDatabase.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // A fresh table is tiny, so a sequential scan would win: ask for the plan the planner takes at scale.
        await using (var off = new NpgsqlCommand("SET LOCAL enable_seqscan = off", connection, transaction)) await off.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand("EXPLAIN " + new SchemaName(_schema).Apply(sql), connection, transaction);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));

        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on jobs", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains(index, StringComparison.Ordinal));
    }
}
