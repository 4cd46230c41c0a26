using StackExchange.Redis;

namespace Ember.Redis;

/// <summary>
/// The key layout of one store. Every key is <c>{prefix}{{tag}}:{name}</c>, where the tag is the prefix without its
/// trailing colons: one Redis Cluster hash tag per store, so every key a script touches is in the same slot.
/// docs/redis.md lists the names.
/// </summary>
internal sealed class RedisKeys
{
    public RedisKeys(string prefix)
    {
        Prefix = prefix;
        Base = $"{prefix}{{{prefix.TrimEnd(':')}}}:";
        Route = Base + "id";
        WorkChannel = RedisChannel.Literal(Base + "work");
    }

    /// <summary>The configured prefix.</summary>
    public string Prefix { get; }

    /// <summary>What every key starts with, hash tag included; the scripts get it as their first argument.</summary>
    public string Base { get; }

    /// <summary>A key in the store's slot, passed as KEYS[1] so that a script is routed to that slot.</summary>
    public RedisKey Route { get; }

    /// <summary>The pub/sub channel that tells servers a queue has work.</summary>
    public RedisChannel WorkChannel { get; }

    public RedisKey Job(string id) => Base + "job:" + id;
    public RedisKey History(string id) => Base + "hist:" + id;
    public RedisKey Continuations(string id) => Base + "cont:" + id;
    public RedisKey Counts => Base + "counts";
    public RedisKey Failures => Base + "failures";
    public RedisKey Servers => Base + "servers";
    public RedisKey Recurring(string id) => Base + "rec:" + id;
    public RedisKey PausedQueues => Base + "paused";
}
