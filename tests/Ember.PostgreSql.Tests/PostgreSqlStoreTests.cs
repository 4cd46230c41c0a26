using System.Diagnostics;
using Ember.Storage;
using Npgsql;
using Xunit;

namespace Ember.PostgreSql.Tests;

/// <summary>What the conformance suite can't say: several store instances and schemas on one database, transactions.</summary>
public sealed class PostgreSqlStoreTests : IAsyncLifetime
{
    private readonly string _schema = TestDatabase.NewSchemaName();
    private readonly List<PostgreSqlJobStore> _stores = [];
    private readonly List<string> _extraSchemas = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        await TestDatabase.DropSchemaAsync(_schema);
        foreach (var schema in _extraSchemas) await TestDatabase.DropSchemaAsync(schema);
    }

    private async Task<PostgreSqlJobStore> StoreAsync(string? schema = null)
    {
        var store = new PostgreSqlJobStore(TestDatabase.ConnectionString, new PostgreSqlStoreOptions { SchemaName = schema ?? _schema });
        _stores.Add(store);
        await store.InitializeAsync();
        return store;
    }

    private static NewJob Job(string queue = "default", string? invocation = null) =>
        new() { State = JobState.Enqueued, Queue = queue, Invocation = invocation ?? "{}" };

    [Fact]
    public async Task Completions_and_lease_extensions_of_the_same_runs_never_deadlock()
    {
        // A server extends the leases of its runs while it writes the outcomes of others, some the same: the two
        // statements must lock those rows in one order. Here they are handed the runs in opposite orders, at once,
        // round after round; before both locked in id order PostgreSQL aborted one of them (deadlock detected, 40P01)
        // after its 1 s deadlock check.
        var store = await StoreAsync();
        await store.CreateJobsAsync(new CreateJobsRequest([.. Enumerable.Range(0, 1000).Select(_ => Job())]));
        var runs = new List<FetchedJob>();
        while (await store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 500, TimeSpan.FromMinutes(1))) is { Count: > 0 } batch) runs.AddRange(batch);
        Assert.Equal(1000, runs.Count);

        for (var round = 0; round < 10; round++)
        {
            var slice = runs.Skip(round * 100).Take(100).ToList();
            var others = runs.Skip((round + 1) * 100 % 1000).Take(100);
            var extend = store.ExtendLeasesAsync(new ExtendLeasesRequest("s", [.. slice.Concat(others).OrderByDescending(r => long.Parse(r.Id, System.Globalization.CultureInfo.InvariantCulture)).Select(r => new HeldLease(r.Id, r.LeaseToken))], TimeSpan.FromMinutes(1)));
            var complete = store.CompleteJobsAsync(new CompleteJobsRequest([.. slice.Select(r => new JobCompletion(r.Id, r.LeaseToken, StateChange.Succeeded(DateTimeOffset.UtcNow.AddDays(1))))]));
            await Task.WhenAll(extend, complete); // a deadlock fails one of them
            Assert.All((await complete).Results, r => Assert.Equal(CompletionResult.Applied, r));
        }
    }

    [Fact]
    public async Task A_job_created_by_one_store_instance_wakes_the_subscribers_of_another()
    {
        var listening = await StoreAsync();
        var creating = await StoreAsync();
        var woken = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = listening.Subscribe(queue => woken.TrySetResult(queue));

        await creating.CreateJobsAsync(new CreateJobsRequest([Job("mail"), Job("mail")]));

        Assert.Equal("mail", await woken.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Two_schemas_in_one_database_see_neither_each_others_jobs_nor_notifications()
    {
        var other = TestDatabase.NewSchemaName();
        _extraSchemas.Add(other);
        var mine = await StoreAsync();
        var theirs = await StoreAsync(other);
        var theirQueues = new List<string>();
        var mineWoken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var theirSubscription = theirs.Subscribe(q => { lock (theirQueues) theirQueues.Add(q); });
        using var mySubscription = mine.Subscribe(q => { if (q == "marker") mineWoken.TrySetResult(); });

        await mine.CreateJobsAsync(new CreateJobsRequest([Job()]));
        // A marker on their side, after mine: once it arrives, mine would have arrived before it.
        var theirMarker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var markerSubscription = theirs.Subscribe(q => { if (q == "their-marker") theirMarker.TrySetResult(); });
        await theirs.CreateJobsAsync(new CreateJobsRequest([Job("their-marker")]));
        await theirMarker.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(await theirs.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 10, TimeSpan.FromMinutes(1))));
        Assert.Single(await mine.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 10, TimeSpan.FromMinutes(1))));
        lock (theirQueues) Assert.Equal(["their-marker"], theirQueues);
    }

    [Fact]
    public async Task Jobs_enlisted_in_an_application_transaction_exist_only_if_it_commits()
    {
        var store = await StoreAsync();
        await using var connection = await TestDatabase.DataSource.OpenConnectionAsync();

        string committed;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var client = new BackgroundJobClient(store.Enlist(transaction));
            committed = client.Enqueue(() => Console.WriteLine("committed"));
            // Not visible outside the transaction before it commits.
            Assert.Null(await store.Queries.GetJobAsync(committed));
            await transaction.CommitAsync();
        }
        Assert.Equal(JobState.Enqueued, (await store.Queries.GetJobAsync(committed))!.Job.State);

        string rolledBack;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            rolledBack = (await store.Enlist(transaction).CreateJobsAsync(new CreateJobsRequest([Job()]))).Single();
            await transaction.RollbackAsync();
        }
        Assert.Null(await store.Queries.GetJobAsync(rolledBack));
        Assert.Equal(1, (await store.Queries.GetStateCountsAsync())[JobState.Enqueued]);
    }

    [Fact]
    public async Task An_unreachable_server_fails_initialization_quickly_naming_host_and_port()
    {
        await using var store = new PostgreSqlJobStore("Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Contains("host 127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("port 1,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_from_a_newer_Ember_is_refused_naming_both_versions()
    {
        await StoreAsync();
        await TestDatabase.ScalarAsync($"INSERT INTO \"{_schema}\".schema_version (version) VALUES (99)");
        await using var store = new PostgreSqlJobStore(TestDatabase.ConnectionString, new PostgreSqlStoreOptions { SchemaName = _schema });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {PostgreSqlMigrator.LatestVersion}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_PrepareSchemaIfNecessary_a_missing_schema_is_an_error_and_the_DBA_script_creates_it()
    {
        await using var store = new PostgreSqlJobStore(TestDatabase.ConnectionString, new PostgreSqlStoreOptions { SchemaName = _schema, PrepareSchemaIfNecessary = false });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());
        Assert.Contains("PrepareSchemaIfNecessary", error.Message, StringComparison.Ordinal);

        await TestDatabase.ScalarAsync(PostgreSqlJobStore.GetSchemaScript(_schema));

        await store.InitializeAsync();
        Assert.Single(await store.CreateJobsAsync(new CreateJobsRequest([Job()])));
    }

    [Theory]
    [InlineData("ember\"; DROP TABLE jobs; --")]
    [InlineData("ember.jobs")]
    [InlineData("1ember")]
    [InlineData("")]
    [InlineData("a_schema_name_that_is_longer_than_the_sixty_three_bytes_postgresql_allows")]
    public void Schema_names_that_could_inject_SQL_or_are_invalid_are_refused(string schema)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PostgreSqlStoreOptions { SchemaName = schema }.Validate());
        Assert.Contains("SchemaName", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new PostgreSqlJobStore(TestDatabase.ConnectionString, new PostgreSqlStoreOptions { SchemaName = schema }));
    }

    [Fact]
    public async Task Queue_names_are_data_never_SQL()
    {
        var store = await StoreAsync();
        const string queue = "q'); DROP TABLE jobs; --";

        await store.CreateJobsAsync(new CreateJobsRequest([Job(queue)]));

        Assert.Equal(queue, Assert.Single(await store.FetchJobsAsync(new FetchJobsRequest("s", [queue], 1, TimeSpan.FromMinutes(1)))).Queue);
    }

    [Fact]
    public async Task A_one_megabyte_invocation_is_stored_and_fetched_whole()
    {
        var store = await StoreAsync();
        var invocation = "{\"arg\":\"" + new string('x', 1024 * 1024) + "\"}";

        await store.CreateJobsAsync(new CreateJobsRequest([Job(invocation: invocation)]));

        Assert.Equal(invocation, Assert.Single(await store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 1, TimeSpan.FromMinutes(1)))).Invocation);
    }

    [Fact]
    public async Task Concurrent_fetchers_on_separate_store_instances_never_claim_a_job_twice()
    {
        var stores = new[] { await StoreAsync(), await StoreAsync(), await StoreAsync() };
        await stores[0].CreateJobsAsync(new CreateJobsRequest(Enumerable.Range(0, 600).Select(_ => Job()).ToArray()));

        var claimed = await Task.WhenAll(stores.Select(async (store, i) =>
        {
            var mine = new List<string>();
            while (await store.FetchJobsAsync(new FetchJobsRequest($"s{i}", ["default"], 7, TimeSpan.FromMinutes(1))) is { Count: > 0 } batch)
                mine.AddRange(batch.Select(j => j.Id));
            return mine;
        }));

        var all = claimed.SelectMany(c => c).ToList();
        Assert.Equal(600, all.Count);
        Assert.Equal(600, all.Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_schedulers_move_each_due_job_once()
    {
        var stores = new[] { await StoreAsync(), await StoreAsync(), await StoreAsync() };
        var due = DateTimeOffset.UtcNow.AddSeconds(-1);
        await stores[0].CreateJobsAsync(new CreateJobsRequest(Enumerable.Range(0, 300)
            .Select(_ => new NewJob { State = JobState.Scheduled, ScheduledAt = due, Queue = "default", Invocation = "{}" }).ToArray()));

        var moved = await Task.WhenAll(stores.Select(async store =>
        {
            var total = 0;
            while (await store.EnqueueDueScheduledAsync(new EnqueueDueScheduledRequest(7)) is > 0 and var n) total += n;
            return total;
        }));

        Assert.Equal(300, moved.Sum());
        var history = Convert.ToInt64(await TestDatabase.ScalarAsync($"SELECT count(*) FROM \"{_schema}\".job_history WHERE state = 'Enqueued'"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(300, history);
    }

    [Fact]
    public async Task Fetching_walks_the_Enqueued_index_even_when_statistics_say_almost_every_job_is_Enqueued()
    {
        // The burst case: statistics taken while the table held little but Enqueued jobs. Ordered by id alone, the
        // planner walked the primary key instead and stepped over every finished job at each fetch.
        var store = await StoreAsync();
        await store.CreateJobsAsync(new CreateJobsRequest(Enumerable.Range(0, 5000).Select(_ => Job()).ToArray()));
        await TestDatabase.ScalarAsync($"ANALYZE \"{_schema}\".jobs");

        var plans = new List<string>();
        await using var connection = await TestDatabase.DataSource.OpenConnectionAsync();
        connection.Notice += (_, e) => { lock (plans) plans.Add(e.Notice.MessageText); };
        await using var command = new NpgsqlCommand(
            "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; " +
            "SET client_min_messages = log; SET plan_cache_mode = force_generic_plan; " + // the plan a long-lived server runs
            $"SELECT count(*) FROM \"{_schema}\".fetch_jobs('server', ARRAY['default'], 10, now(), now() + interval '1 minute')", connection);
        Assert.Equal(10L, await command.ExecuteScalarAsync());

        var fetchPlan = Assert.Single(plans, plan => plan.Contains("FOR UPDATE SKIP LOCKED", StringComparison.Ordinal) && plan.Contains("LockRows", StringComparison.Ordinal));
        Assert.Contains("ix_jobs_enqueued", fetchPlan, StringComparison.Ordinal);
        Assert.DoesNotContain("jobs_pkey on jobs c", fetchPlan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on jobs c", fetchPlan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort Key: c.", fetchPlan, StringComparison.Ordinal);
    }
}
