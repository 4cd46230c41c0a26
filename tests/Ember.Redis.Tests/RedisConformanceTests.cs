using Ember.Storage;
using Ember.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Redis.Tests;

/// <summary>The store conformance suite against the test Redis, under a fresh key prefix per test, removed after.</summary>
public class RedisConformanceTests : JobStoreConformanceTests
{
    private readonly string _prefix = TestRedis.UniquePrefix();

    /// <summary>The StackExchange.Redis configuration the store connects with.</summary>
    protected virtual string Configuration => TestRedis.Configuration;

    protected virtual Task DeleteKeysAsync(string prefix) => TestRedis.DeleteKeysAsync(prefix);

    protected override Task<IJobStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IJobStore>(new RedisJobStore(new RedisStoreOptions { Configuration = Configuration, KeyPrefix = _prefix }, time));

    protected override async Task DisposeStoreAsync(IJobStore store)
    {
        await base.DisposeStoreAsync(store);
        await DeleteKeysAsync(_prefix);
    }
}
