using Ember.ProcessTests;
using Ember.ProcessTests.PostgreSql;
using Ember.ProcessTests.Redis;
using Microsoft.Data.Sqlite;
using Npgsql;
using StackExchange.Redis;

namespace Ember.Chaos.Tests.BadInput;

/// <summary>Writes a job's invocation or state by hand, behind the store's back: what a bad migration or an operator's typo leaves.</summary>
public static class StoreSurgery
{
    public static Task SetInvocationAsync(StoreProcessFixture fixture, string id, string invocation) => SetAsync(fixture, id, "invocation", "inv", invocation);

    public static Task SetStateAsync(StoreProcessFixture fixture, string id, string state) => SetAsync(fixture, id, "state", "state", state);

    private static async Task SetAsync(StoreProcessFixture fixture, string id, string column, string redisField, string value)
    {
        switch (fixture)
        {
            case SqliteChaosFixture sqlite:
                await using (var connection = new SqliteConnection($"Data Source={sqlite.Database};Pooling=False"))
                {
                    await connection.OpenAsync();
                    await using var update = new SqliteCommand($"UPDATE jobs SET {column} = $value WHERE id = $id", connection);
                    update.Parameters.AddWithValue("$value", value);
                    update.Parameters.AddWithValue("$id", long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(1, await update.ExecuteNonQueryAsync());
                }
                break;
            case PostgreSqlProcessFixture postgres:
                await using (var dataSource = NpgsqlDataSource.Create(PostgreSqlProcessFixture.ConnectionString))
                await using (var update = dataSource.CreateCommand($"UPDATE \"{postgres.Schema}\".jobs SET {column} = $1 WHERE id = $2"))
                {
                    update.Parameters.AddWithValue(value);
                    update.Parameters.AddWithValue(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(1, await update.ExecuteNonQueryAsync());
                }
                break;
            case RedisProcessFixture redis:
                await using (var connection = await ConnectionMultiplexer.ConnectAsync(RedisProcessFixture.Configuration))
                {
                    var key = $"{redis.Prefix}{{{redis.Prefix.TrimEnd(':')}}}:job:{id}";
                    Assert.True(await connection.GetDatabase().KeyExistsAsync(key), $"no job key {key}");
                    await connection.GetDatabase().HashSetAsync(key, redisField, value);
                }
                break;
            default:
                throw new ArgumentException($"No surgery for {fixture.GetType().Name}.");
        }
    }
}
