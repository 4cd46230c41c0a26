namespace Ember.Redis.Tests;

/// <summary>
/// The store conformance suite again, on a Redis Cluster of three primaries: every script must find all its keys in
/// the one slot of the store's hash tag, wherever that slot lives.
/// </summary>
public sealed class RedisClusterConformanceTests : RedisConformanceTests
{
    protected override string Configuration => TestRedisCluster.Configuration;

    protected override Task DeleteKeysAsync(string prefix) => TestRedisCluster.DeleteKeysAsync(prefix);
}
