namespace Ember.Redis.Tests;

/// <summary>
/// The store conformance suite as a Redis user with only the rights docs/redis.md lists under "ACL": the command
/// categories Ember uses, on keys and channels under its prefix. If Ember starts using a command outside them, this
/// class fails and the documented rule must change with it.
/// </summary>
public sealed class RedisAclConformanceTests : RedisConformanceTests
{
    private const string Password = "ember-acl-test";

    // One user for the whole run, on the prefixes tests use; the test Redis is thrown away with it.
    private static readonly Lazy<string> User = new(() =>
    {
        var name = $"ember-acl-{Guid.NewGuid():N}";
        TestRedis.Server.Execute("ACL", "SETUSER", name, "reset", "on", ">" + Password, "~test-*", "&test-*",
            "+@read", "+@write", "+@scripting", "+@pubsub", "+@connection");
        return name;
    });

    protected override string Configuration => $"{TestRedis.Configuration},user={User.Value},password={Password}";
}
