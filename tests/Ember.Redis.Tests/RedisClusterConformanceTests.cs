using Ember.Storage;
using Ember.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Redis.Tests;

/// <summary>
/// The store conformance suite again, on a Redis Cluster of three primaries: every script must find all its keys in
/// the one slot of the store's hash tag, wherever that slot lives.
/// </summary>
public sealed class RedisClusterConformanceTests : JobStoreConformanceTests
{
    private readonly string _prefix = TestRedis.UniquePrefix();

    protected override Task<IJobStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IJobStore>(new RedisJobStore(new RedisStoreOptions { Configuration = TestRedisCluster.Configuration, KeyPrefix = _prefix }, time));

    protected override async Task DisposeStoreAsync(IJobStore store)
    {
        await base.DisposeStoreAsync(store);
        await TestRedisCluster.DeleteKeysAsync(_prefix);
    }
}
