using Ember.Storage;
using Ember.Storage.Conformance;
using Xunit;

namespace Ember.PostgreSql.Tests;

/// <summary>A schema made by an older build is migrated in place: its jobs and history stay, and the functions are today's.</summary>
public sealed class PostgreSqlMigrationTests : IAsyncLifetime
{
    /// <summary>
    /// The hash of Functions/*.sql at each schema version. The functions are re-applied only when a migration runs, so a
    /// change to them without a new migration would never reach a schema that is already current.
    /// </summary>
    private static readonly Dictionary<int, string> FunctionsHashAtVersion = new()
    {
        [4] = "9A01A8C5DD560A1B91C28EA385A998E2D50A2A6D56AFA65D5E797875EB06CF39",
        [5] = "6EA2E94595FEC2818FF3510CC55D7B903F335B2134648889B5658C6A10A8670C",
        [6] = "8EC32EE45A09DA72F0D3B2E5F80EC3B0DB794206A23F6476C73CE022E2B92D7C",
        [7] = "6FDD0F0B4ADF520CCB31943C407CC729BC6F77F3A131C4B6F5E402A3795AC1FF",
        [8] = "7DEBF659D65B30E8A90296884F4779B58ED60F590A9897916CC1A9B9F0C1F739",
        [9] = "964B1250637F85641EA9D835DE223E7DBA3A617AAD0B57313A7F1036030884F0",
        [10] = "835B16F853FA9C04C981172912E706496ED58AC2BA794E0F03615191D66C8F72",
        [11] = "3D1A11F34D282AF799B71C9531361BD2A8DA5B2A97886C7A0E469AFA149DB2B9",
        [12] = "BA3B7CEBE0FC419347FE84FE502730E8D5ED87C016FCFFC89BBF47562D838E87", // with the concurrency limits of 11 (merged)
        [13] = "DEFAE95031A4AF7AE91A8CD1A211BF0C013397D5F73A348147871362F1F4D9DA", // with the limits of 11 and the rate limits of 12 (merged)
        [14] = "C60DD1A93F95ED8156734DA20A86D9F389374FA001E6914A53CBF66B7E2E9DDE", // jobs parked by a full concurrency key
        [15] = "A188E5BC00866DC850A03C423BD0AF13650505368B1FBF2A0CE94AFEFE13DE11", // take_rate_permits with holds
        [16] = "7AB6167D6A738229DD7DFD329F7E100BC326A7411C87EE331EFBCD13B3531D2C", // create_batch gives empty batches their expiry, delete_expired prunes them; with the parking of 14 and the rate holds of 15 (merged)
        [17] = "87CB930A1F42DB2C0A2EA3A5ECE57EFC27DD4668F6C2E7ACF3484BDF3B66A77D", // fetch_jobs decides keyed queues a chunk of candidates per statement
        [18] = "01478DC3B994F86CEB04FDB809883FC1F4435CA30B2B2275C81791F7FAF71B37", // complete_jobs locks its rows in id order
        [19] = "3D197400B6C06BB4452865F1D26C163FC041275390C87F5D8EE1EB0257229341", // keyed fetches and completions at less cost per job
    };

    private readonly string _schema = TestDatabase.NewSchemaName();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestDatabase.DropSchemaAsync(_schema);

    [Fact]
    public void Functions_change_only_with_a_new_migration()
    {
        Assert.True(
            FunctionsHashAtVersion.TryGetValue(PostgreSqlMigrator.LatestVersion, out var hash) && hash == PostgreSqlMigrator.FunctionsHash,
            $"Functions/*.sql changed (hash {PostgreSqlMigrator.FunctionsHash}) since schema version {PostgreSqlMigrator.LatestVersion}: " +
            "existing schemas would never get the change. Add a migration (it may only record its version) and list the new hash at its version here.");
    }

    [Fact]
    public async Task A_version_3_schema_gives_each_history_entry_the_kind_its_reason_text_meant_and_loses_the_old_function_overloads()
    {
        var schema = new SchemaName(_schema);
        await TestDatabase.ScalarAsync($"CREATE SCHEMA \"{_schema}\"");
        foreach (var migration in PostgreSqlMigrator.Migrations.Take(3))
            await TestDatabase.ScalarAsync(schema.Apply(migration.Sql));
        var id = await TestDatabase.ScalarAsync(
            $"INSERT INTO \"{_schema}\".jobs (queue, state, invocation, created_at, state_changed_at) VALUES ('default', 'Failed', '{{}}', now(), now()) RETURNING id");
        foreach (var (state, reason, _) in LegacyHistory.Entries)
            await TestDatabase.ScalarAsync(
                $"INSERT INTO \"{_schema}\".job_history (job_id, state, at, reason) VALUES ($1, $2, now(), $3)", id!, state.ToString(), (object?)reason ?? DBNull.Value);
        await using var store = new PostgreSqlJobStore(TestDatabase.ConnectionString, new PostgreSqlStoreOptions { SchemaName = _schema });

        await store.InitializeAsync();

        var history = (await store.Queries.GetJobAsync(id!.ToString()!))!.History;
        Assert.Equal(LegacyHistory.Entries.Select(e => (e.State, e.Reason, e.Kind)), history.Select(h => (h.State, h.Reason, h.Kind)));
        foreach (var function in new[] { "create_jobs", "complete_jobs", "change_state", "fire_recurring" })
            Assert.Equal(1L, await TestDatabase.ScalarAsync(
                "SELECT count(*) FROM pg_proc WHERE proname = $1 AND pronamespace = $2::regnamespace", function, _schema));
        // And the migrated schema works with today's functions.
        var created = await store.CreateJobsAsync(new CreateJobsRequest([new NewJob { State = JobState.Enqueued, Queue = "default", Invocation = "{}" }]));
        Assert.Equal(HistoryKind.Created, Assert.Single((await store.Queries.GetJobAsync(created[0]))!.History).Kind);
    }

    [Fact]
    public async Task A_version_13_schema_with_jobs_waiting_for_a_full_key_parks_them_at_the_next_fetch()
    {
        // Before version 14 the fetch passed over a full key's jobs without parking them: they arrive unparked.
        var schema = new SchemaName(_schema);
        await TestDatabase.ScalarAsync($"CREATE SCHEMA \"{_schema}\"");
        foreach (var migration in PostgreSqlMigrator.Migrations.Where(m => m.Version <= 13))
            await TestDatabase.ScalarAsync(schema.Apply(migration.Sql));
        var held = await TestDatabase.ScalarAsync($$"""
            INSERT INTO "{{_schema}}".jobs (queue, state, invocation, created_at, state_changed_at, attempt, concurrency_key, concurrency_limit, server_id, lease_token, lease_expires_at)
            VALUES ('default', 'Processing', '{}', now() - interval '1 minute', now(), 1, 'k', 1, 's', 't', now() + interval '1 hour') RETURNING id
            """);
        await TestDatabase.ScalarAsync($$"""
            INSERT INTO "{{_schema}}".jobs (queue, state, invocation, created_at, state_changed_at, attempt, concurrency_key, concurrency_limit)
            VALUES ('default', 'Enqueued', '{}', now() - interval '50 seconds', now(), 0, 'k', 1), ('default', 'Enqueued', '{}', now() - interval '40 seconds', now(), 0, 'k', 1)
            """);
        var plain = await TestDatabase.ScalarAsync($$"""
            INSERT INTO "{{_schema}}".jobs (queue, state, invocation, created_at, state_changed_at, attempt) VALUES ('default', 'Enqueued', '{}', now() - interval '30 seconds', now(), 0) RETURNING id
            """);
        await using var store = new PostgreSqlJobStore(TestDatabase.ConnectionString, new PostgreSqlStoreOptions { SchemaName = _schema });
        await store.InitializeAsync();
        var fetch = new FetchJobsRequest("s", ["default"], 10, TimeSpan.FromMinutes(5));

        Assert.Equal([plain!.ToString()], (await store.FetchJobsAsync(fetch)).Select(j => j.Id));
        Assert.Equal(2L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM \"{_schema}\".jobs WHERE parked"));
        Assert.Equal(2, Assert.Single(await store.Queries.GetConcurrencyKeysAsync()).Waiting);

        Assert.Equal(1, (await store.CompleteJobsAsync(new CompleteJobsRequest([new JobCompletion(held!.ToString()!, "t", StateChange.Succeeded(DateTimeOffset.UtcNow.AddDays(1)))]))).Applied);
        var next = Assert.Single(await store.FetchJobsAsync(fetch));
        Assert.Equal((long)held! + 1, long.Parse(next.Id, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM \"{_schema}\".jobs WHERE parked"));
    }
}
