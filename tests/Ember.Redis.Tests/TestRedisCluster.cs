using StackExchange.Redis;

namespace Ember.Redis.Tests;

/// <summary>
/// The throwaway Redis Cluster of three primaries that ./test.sh starts (scripts/services.sh exports
/// EMBER_TEST_REDIS_CLUSTER). Tests fail, never skip, when it is missing.
/// </summary>
internal static class TestRedisCluster
{
    private static readonly Lazy<ConnectionMultiplexer> Shared = new(() => ConnectionMultiplexer.Connect(Configuration + ",abortConnect=false,allowAdmin=true"));

    public static string Configuration => Environment.GetEnvironmentVariable("EMBER_TEST_REDIS_CLUSTER") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            "EMBER_TEST_REDIS_CLUSTER is not set. Run the tests with ./test.sh, which starts a throwaway Redis Cluster of " +
            "three primaries and exports EMBER_TEST_REDIS_CLUSTER=host:port,host:port,host:port, or export it yourself.");

    /// <summary>The cluster's primaries: a store's keys live on one of them.</summary>
    public static IServer[] Primaries => Shared.Value.GetServers().Where(s => !s.IsReplica).ToArray();

    /// <summary>The primary that holds <paramref name="key"/>'s slot.</summary>
    public static IServer PrimaryOf(RedisKey key) =>
        Shared.Value.GetServer(Shared.Value.GetDatabase().IdentifyEndpoint(key) ?? throw new InvalidOperationException($"No node serves {key}."));

    /// <summary>Every key starting with <paramref name="prefix"/>, with the primary it lives on.</summary>
    public static (IServer Primary, RedisKey Key)[] Keys(string prefix) =>
        Primaries.SelectMany(server => server.Keys(pattern: TestRedis.KeysStartingWith(prefix), pageSize: 1000).Select(key => (server, key))).ToArray();

    public static async Task DeleteKeysAsync(string prefix)
    {
        foreach (var (_, key) in Keys(prefix)) await Shared.Value.GetDatabase().KeyDeleteAsync(key);
    }

    /// <summary>
    /// A fresh store prefix whose keys land on <paramref name="primary"/>: the prefix's hash tag picks the slot, so
    /// candidates are tried until one falls in a slot that primary serves.
    /// </summary>
    public static string PrefixOn(IServer primary)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var prefix = TestRedis.UniquePrefix();
            if (PrimaryOf(new RedisKeys(prefix).Route).EndPoint.Equals(primary.EndPoint)) return prefix;
        }
        throw new InvalidOperationException($"No prefix landed on {primary.EndPoint} in 1,000 tries.");
    }
}
