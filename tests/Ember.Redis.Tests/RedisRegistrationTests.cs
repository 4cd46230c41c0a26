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
        // Registered as an instance, so that the container doesn't dispose it either: only the store could.
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(TestRedis.Configuration + ",abortConnect=false");
        await using (var provider = new ServiceCollection()
            .AddSingleton<IConnectionMultiplexer>(multiplexer)
            .AddEmber(ember => ember.UseRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), o => o.KeyPrefix = _prefix))
            .BuildServiceProvider())
        {
            await provider.GetRequiredService<IJobStore>().InitializeAsync();
            await provider.GetRequiredService<IBackgroundJobClient>().EnqueueAsync(() => Console.WriteLine("di"));
        }

        Assert.True(multiplexer.IsConnected);
        await multiplexer.GetDatabase().PingAsync();
        Assert.NotEmpty(TestRedis.Keys(_prefix));
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
