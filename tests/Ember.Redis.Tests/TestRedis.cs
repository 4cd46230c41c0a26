using StackExchange.Redis;

namespace Ember.Redis.Tests;

/// <summary>
/// The throwaway Redis that ./test.sh starts (scripts/services.sh exports EMBER_TEST_REDIS). Tests fail, never skip,
/// when it is missing: a store test that silently doesn't run proves nothing.
/// </summary>
internal static class TestRedis
{
    private static readonly Lazy<ConnectionMultiplexer> Shared = new(() => ConnectionMultiplexer.Connect(Configuration + ",abortConnect=false,allowAdmin=true"));

    public static string Configuration => Environment.GetEnvironmentVariable("EMBER_TEST_REDIS") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            "EMBER_TEST_REDIS is not set. Run the tests with ./test.sh, which starts a throwaway redis-server and exports " +
            "EMBER_TEST_REDIS=host:port, or export it yourself.");

    /// <summary>A connection for test set-up and inspection (not the store's own).</summary>
    public static IDatabase Database => Shared.Value.GetDatabase();

    public static IServer Server => Shared.Value.GetServer(Shared.Value.GetEndPoints()[0]);

    /// <summary>A prefix no other test uses.</summary>
    public static string UniquePrefix() => $"test-{Guid.NewGuid():N}:";

    /// <summary>Deletes every key starting with <paramref name="prefix"/>.</summary>
    public static async Task DeleteKeysAsync(string prefix)
    {
        var keys = Keys(prefix);
        if (keys.Length > 0) await Database.KeyDeleteAsync(keys);
    }

    public static RedisKey[] Keys(string prefix) => Server.Keys(pattern: KeysStartingWith(prefix), pageSize: 1000).ToArray();

    /// <summary>A SCAN pattern matching the keys that start with <paramref name="prefix"/>, its glob characters escaped.</summary>
    public static string KeysStartingWith(string prefix) =>
        prefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal)
            .Replace("?", "\\?", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal) + "*";
}
