using Ember.Redis;
using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Benchmarks.Storage;

/// <summary>A fresh key prefix per run on the configured Redis, its keys deleted on dispose; default store options.</summary>
internal sealed class RedisBenchStorage : BenchStorage
{
    private readonly RedisJobStore _store;
    private readonly string _configuration;
    private readonly string _prefix;
    private readonly bool _ownsKeys;

    private RedisBenchStorage(string configuration, string prefix, bool ownsKeys)
    {
        _configuration = configuration;
        _prefix = prefix;
        _ownsKeys = ownsKeys;
        _store = new RedisJobStore(new RedisStoreOptions { Configuration = configuration, KeyPrefix = prefix });
    }

    public override IJobStore Store => _store;

    public override IReadOnlyList<string> SharedWithChildArguments => ["--storage", "redis", "--redis", _configuration, "--shared", _prefix];

    /// <param name="configuration">The StackExchange.Redis configuration string.</param>
    /// <param name="sharedPrefix">A key prefix another process created and will clean up, or null for a fresh one.</param>
    public static Task<RedisBenchStorage> OpenAsync(string configuration, string? sharedPrefix) =>
        Task.FromResult(new RedisBenchStorage(configuration, sharedPrefix ?? $"ember-bench-{Guid.NewGuid():N}:", ownsKeys: sharedPrefix is null));

    public override async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync().ConfigureAwait(false);
        if (!_ownsKeys) return;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_configuration).ConfigureAwait(false);
        var server = redis.GetServers()[0];
        var database = redis.GetDatabase();
        // A thousand keys per UNLINK: a run of 100,000 jobs leaves 200,000 keys, too many for a round trip each.
        var batch = new List<RedisKey>(1000);
        await foreach (var key in server.KeysAsync(pattern: _prefix + "*", pageSize: 1000).ConfigureAwait(false))
        {
            batch.Add(key);
            if (batch.Count < 1000) continue;
            await database.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
            batch.Clear();
        }
        if (batch.Count > 0) await database.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
    }
}
