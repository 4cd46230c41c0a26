using System.Runtime.CompilerServices;
using Ember.Redis;

namespace Ember.TestServer;

internal static class RedisStoreFactory
{
    // --store redis --db <StackExchange.Redis configuration> [--prefix <key prefix>]
    [ModuleInitializer]
    internal static void Register() => StoreFactories.Register("redis", (options, time) =>
        new RedisJobStore(new RedisStoreOptions { Configuration = options["db"], KeyPrefix = options.GetValueOrDefault("prefix", "ember:") }, time));
}
