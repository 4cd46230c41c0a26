using Ember.Redis;
using Ember.Storage;
using StackExchange.Redis;

namespace Ember.ProcessTests.Redis;

/// <summary>A fresh key prefix on the test Redis (EMBER_TEST_REDIS, started by ./test.sh, AOF on).</summary>
public sealed class RedisProcessFixture : StoreProcessFixture
{
    private readonly RedisJobStore _store;

    public RedisProcessFixture() => _store = new RedisJobStore(new RedisStoreOptions { Configuration = Configuration, KeyPrefix = Prefix });

    public static string Configuration => FromTestScript("EMBER_TEST_REDIS", "redis-server");

    public string Prefix { get; } = $"proc-{Guid.NewGuid():N}:";

    public override IJobStore Store => _store;

    protected override string Target => Configuration;

    protected override string[] StoreArguments => ["--store", "redis", "--prefix", Prefix];

    protected override string RestartScript => "redis-restart.sh";

    protected override async Task DropStoreAsync()
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(Configuration);
        await using (multiplexer)
        {
            var server = multiplexer.GetServer(multiplexer.GetEndPoints()[0]);
            var keys = server.Keys(pattern: Prefix + "*", pageSize: 1000).ToArray();
            if (keys.Length > 0) await multiplexer.GetDatabase().KeyDeleteAsync(keys);
        }
    }
}
