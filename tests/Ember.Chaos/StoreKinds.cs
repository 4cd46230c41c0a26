using Ember.ProcessTests;
using Ember.ProcessTests.PostgreSql;
using Ember.ProcessTests.Redis;

namespace Ember.Chaos;

/// <summary>The stores a scenario can run on, by the name the command line and the test server use.</summary>
public static class StoreKinds
{
    public static readonly string[] All = ["sqlite", "postgres", "redis"];

    public static StoreProcessFixture Create(string store) => store switch
    {
        "sqlite" => new SqliteChaosFixture(),
        "postgres" => new PostgreSqlProcessFixture(),
        "redis" => new RedisProcessFixture(),
        _ => throw new ArgumentException($"Unknown store {store}; known: {string.Join(", ", All)}."),
    };
}
