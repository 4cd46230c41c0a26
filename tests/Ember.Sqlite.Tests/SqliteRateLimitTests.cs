using Ember.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ember.Sqlite.Tests;

/// <summary>What the conformance suite can't see: rate limit rows are deleted once they count as none.</summary>
public sealed class SqliteRateLimitTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Maintenance_deletes_the_rate_limit_rows_past_their_expiry_and_only_those()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        using var store = _database.CreateStore(time);
        await store.InitializeAsync();
        RateLimitOptions Limit(RateLimitAlgorithm algorithm, int seconds) => new("customer:42", 1, TimeSpan.FromSeconds(seconds)) { Algorithm = algorithm };
        var limits = new[] { Limit(RateLimitAlgorithm.FixedWindow, 60), Limit(RateLimitAlgorithm.SlidingWindow, 60), Limit(RateLimitAlgorithm.TokenBucket, 120) };
        Assert.True((await store.TakeRatePermitsAsync(One(limits, "1", "a")))[0].IsGranted);

        time.Advance(TimeSpan.FromSeconds(59));
        await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100));
        Assert.Equal(3L, _database.Scalar("SELECT count(*) FROM rate_limits"));
        time.Advance(TimeSpan.FromSeconds(1));
        await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100));
        Assert.Equal("TokenBucket", _database.Scalar("SELECT group_concat(algorithm) FROM rate_limits"));
        time.Advance(TimeSpan.FromSeconds(60));
        await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100));
        Assert.Equal(0L, _database.Scalar("SELECT count(*) FROM rate_limits"));
    }

    [Theory]
    [InlineData(RateLimitAlgorithm.FixedWindow)]
    [InlineData(RateLimitAlgorithm.SlidingWindow)]
    [InlineData(RateLimitAlgorithm.TokenBucket)]
    public async Task Three_store_instances_on_one_file_grant_exactly_the_limit_between_them(RateLimitAlgorithm algorithm)
    {
        // Three instances stand for three processes: each has its own connections, so only the file's lock orders them.
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var stores = Enumerable.Range(0, 3).Select(_ => _database.CreateStore(time)).ToArray();
        try
        {
            foreach (var store in stores) await store.InitializeAsync();
            var limit = new RateLimitOptions("customer:42", 7, TimeSpan.FromMinutes(1)) { Algorithm = algorithm };

            var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() =>
                stores[i % 3].TakeRatePermitsAsync(One([limit], "1", $"lease-{i}")))));

            Assert.Equal(7, results.Count(r => r[0].IsGranted));
        }
        finally
        {
            foreach (var store in stores) store.Dispose();
        }
    }

    private static TakeRatePermitsRequest One(IReadOnlyList<RateLimitOptions> limits, string jobId, string leaseToken) =>
        new([new RatePermitRequest(limits, jobId, leaseToken)]);
}
