using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ember.Storage;
using Xunit;

namespace Ember.Sqlite.Tests;

public sealed class SqliteConfigurationTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public async Task UseSqlite_reads_its_options_from_the_Sqlite_section_with_code_on_top()
    {
        var configuration = Configuration(("Ember:Sqlite:ConnectionString", _database.ConnectionString), ("Ember:Sqlite:CommandTimeout", "00:00:07"),
            ("Ember:Sqlite:MaxInvocationBytes", "2048"));
        await using var provider = new ServiceCollection()
            .AddEmber(configuration.GetSection("Ember"), ember => ember.UseSqlite(o => o.MaxInvocationBytes = 4096))
            .BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value;
        await provider.GetRequiredService<IJobStore>().InitializeAsync();

        Assert.Equal(TimeSpan.FromSeconds(7), options.CommandTimeout);
        Assert.Equal(4096, options.MaxInvocationBytes);
        Assert.True(File.Exists(_database.Path));
    }

    [Fact]
    public async Task ConnectionStringName_reads_the_connection_string_from_ConnectionStrings()
    {
        var configuration = Configuration(("ConnectionStrings:jobs", _database.ConnectionString));
        await using var provider = new ServiceCollection()
            .AddSingleton(configuration)
            .AddEmber(ember => ember.UseSqlite(o => o.ConnectionStringName = "jobs"))
            .BuildServiceProvider();

        await provider.GetRequiredService<IJobStore>().InitializeAsync();

        Assert.True(File.Exists(_database.Path));
    }

    [Fact]
    public void A_missing_named_connection_string_is_refused_naming_it()
    {
        using var provider = new ServiceCollection()
            .AddSingleton(Configuration())
            .AddEmber(ember => ember.UseSqlite(o => o.ConnectionStringName = "jobs"))
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IJobStore>());

        Assert.Contains("ConnectionStrings:jobs", error.Message, StringComparison.Ordinal);
    }
}
