using Ember.Storage;
using Xunit;

namespace Ember.Redis.Tests;

/// <summary>Large enqueues go over a connection of their own, so the server's traffic doesn't wait behind them on one socket.</summary>
public sealed class RedisLargeWriteTests
{
    [Fact]
    public async Task A_large_create_goes_over_its_own_connection_and_small_ones_do_not()
    {
        var prefix = TestRedis.UniquePrefix();
        var name = $"ember-test-{Guid.NewGuid():N}";
        await using var store = new RedisJobStore(new RedisStoreOptions { Configuration = $"{TestRedis.Configuration},name={name}", KeyPrefix = prefix });
        try
        {
            await store.InitializeAsync();
            await store.CreateJobsAsync(new CreateJobsRequest([Job(1_000)]));
            Assert.Equal([name], await ClientNamesAsync(name));

            // Three jobs of 400 KB: 1.2 MB of arguments, over RedisConnection.LargeWriteBytes.
            var ids = await store.CreateJobsAsync(new CreateJobsRequest([Job(400_000), Job(400_000), Job(400_000)]));

            Assert.Equal([name, name + "-large-writes"], await ClientNamesAsync(name));
            foreach (var id in ids) Assert.Equal(JobState.Enqueued, (await store.Queries.GetJobAsync(id))!.Job.State);
            var fetched = await store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 10, TimeSpan.FromSeconds(30)));
            Assert.Equal(4, fetched.Count);
            Assert.Equal(3, fetched.Count(f => f.Invocation.Length > 400_000));
        }
        finally
        {
            await TestRedis.DeleteKeysAsync(prefix);
        }
    }

    private static NewJob Job(int size) => new() { Invocation = $"{{\"a\":\"{new string('x', size)}\"}}", Queue = "default", State = JobState.Enqueued };

    private static async Task<string[]> ClientNamesAsync(string prefix) =>
        (await TestRedis.Server.ClientListAsync()).Select(c => c.Name).Where(n => n?.StartsWith(prefix, StringComparison.Ordinal) == true)
            .Distinct().Order(StringComparer.Ordinal).ToArray()!;
}
