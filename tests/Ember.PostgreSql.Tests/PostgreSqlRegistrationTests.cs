using Ember.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Ember.PostgreSql.Tests;

public sealed class PostgreSqlRegistrationTests : IAsyncLifetime
{
    private readonly string _schema = TestDatabase.NewSchemaName();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestDatabase.DropSchemaAsync(_schema);

    [Fact]
    public async Task A_data_source_from_the_container_is_used_and_not_disposed_by_the_store()
    {
        // Registered as an instance, so that the container doesn't dispose it either: only the store could.
        await using var dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        await using (var provider = new ServiceCollection()
            .AddSingleton(dataSource)
            .AddEmber(ember => ember.UsePostgreSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), o => o.SchemaName = _schema))
            .BuildServiceProvider())
        {
            await provider.GetRequiredService<IJobStore>().InitializeAsync();
            await provider.GetRequiredService<IBackgroundJobClient>().EnqueueAsync(() => Console.WriteLine("di"));
        }

        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM \"{_schema}\".jobs");
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ConnectionStringName_reads_ConnectionStrings_and_the_PostgreSql_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:ember"] = TestDatabase.ConnectionString,
            ["Ember:PostgreSql:SchemaName"] = _schema,
        }).Build();
        await using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddEmber(configuration.GetSection("Ember"), ember => ember.UsePostgreSql(o => o.ConnectionStringName = "ember"))
            .BuildServiceProvider();

        await provider.GetRequiredService<IJobStore>().InitializeAsync();

        Assert.Equal(1L, await TestDatabase.ScalarAsync("SELECT count(*) FROM pg_namespace WHERE nspname = $1", _schema));
    }

    [Fact]
    public void A_missing_named_connection_string_is_refused_naming_it()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddEmber(ember => ember.UsePostgreSql(o => o.ConnectionStringName = "ember"))
            .BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<IJobStore>());

        Assert.Contains("ConnectionStrings:ember", error.Message, StringComparison.Ordinal);
    }
}
