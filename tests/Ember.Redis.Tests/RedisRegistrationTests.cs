using Ember.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit;

namespace Ember.Redis.Tests;

public sealed class RedisRegistrationTests : IAsyncLifetime
{
    private readonly string _prefix = TestRedis.UniquePrefix();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestRedis.DeleteKeysAsync(_prefix);

    [Fact]
    public async Task A_multiplexer_from_the_container_is_used_and_not_disposed_by_the_store()
    {
        await using var provider = new ServiceCollection()
            .AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(TestRedis.Configuration + ",abortConnect=false"))
            .AddEmber(ember => ember.UseRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), o => o.KeyPrefix = _prefix))
            .BuildServiceProvider();
        var store = Assert.IsType<RedisJobStore>(provider.GetRequiredService<IJobStore>());
        await store.InitializeAsync();
        await provider.GetRequiredService<IBackgroundJobClient>().EnqueueAsync(() => Console.WriteLine("di"));

        await store.DisposeAsync();

        // The application's multiplexer outlives the store: the container, its owner, disposes it.
        var multiplexer = provider.GetRequiredService<IConnectionMultiplexer>();
        Assert.True(multiplexer.IsConnected);
        Assert.NotEmpty(TestRedis.Keys(_prefix));
        await multiplexer.GetDatabase().PingAsync();
    }

    [Fact]
    public async Task ConnectionStringName_reads_ConnectionStrings_and_the_Redis_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = TestRedis.Configuration,
            ["Ember:Redis:KeyPrefix"] = _prefix,
        }).Build();
        await using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddEmber(configuration.GetSection("Ember"), ember => ember.UseRedis(o => o.ConnectionStringName = "cache"))
            .BuildServiceProvider();
        var store = provider.GetRequiredService<IJobStore>();
        await store.InitializeAsync();

        await provider.GetRequiredService<IBackgroundJobClient>().EnqueueAsync(() => Console.WriteLine("named"));

        Assert.NotEmpty(TestRedis.Keys(_prefix));
    }
}
