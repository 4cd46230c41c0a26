using Ember.ProcessTests;
using Ember.ProcessTests.PostgreSql;
using Ember.ProcessTests.Redis;
using Npgsql;
using StackExchange.Redis;

namespace Ember.Chaos;

/// <summary>How much room a fixture's store takes on disk or in memory, to show that expiry keeps it from growing.</summary>
public static class StoreSize
{
    public static async Task<long> BytesAsync(StoreProcessFixture fixture)
    {
        switch (fixture)
        {
            case PostgreSqlProcessFixture postgres:
                await using (var dataSource = NpgsqlDataSource.Create(PostgreSqlProcessFixture.ConnectionString))
                await using (var command = dataSource.CreateCommand(
                    "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'"))
                {
                    command.Parameters.AddWithValue(postgres.Schema);
                    return (long)(await command.ExecuteScalarAsync())!;
                }
            case RedisProcessFixture:
                // The whole server's memory: the test Redis holds little besides this run's keys.
                await using (var redis = await ConnectionMultiplexer.ConnectAsync(RedisProcessFixture.Configuration))
                {
                    var info = await redis.GetServer(redis.GetEndPoints()[0]).InfoAsync("memory");
                    return long.Parse(info.SelectMany(g => g).First(p => p.Key == "used_memory").Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            case SqliteChaosFixture sqlite:
                return new FileInfo(sqlite.Database).Length + (File.Exists(sqlite.Database + "-wal") ? new FileInfo(sqlite.Database + "-wal").Length : 0);
            default:
                return -1;
        }
    }
}
