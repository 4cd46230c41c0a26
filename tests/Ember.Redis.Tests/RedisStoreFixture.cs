using Microsoft.Extensions.Time.Testing;

namespace Ember.Redis.Tests;

/// <summary>A store on the test Redis under a fresh prefix, whose keys are deleted when the test ends.</summary>
internal sealed class RedisStoreFixture : IAsyncDisposable
{
    public RedisStoreFixture(string? prefix = null)
    {
        Prefix = prefix ?? TestRedis.UniquePrefix();
        Store = CreateStore();
    }

    public string Prefix { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public RedisJobStore Store { get; }

    /// <summary>Another store instance on the same keys, as another process would have.</summary>
    public RedisJobStore CreateStore() => new(new RedisStoreOptions { Configuration = TestRedis.Configuration, KeyPrefix = Prefix }, Time);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await TestRedis.DeleteKeysAsync(Prefix);
    }
}
