using Ember.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ember.PostgreSql.Tests;

/// <summary>What the conformance suite can't see: rate limit rows are deleted once they count as none.</summary>
public sealed class PostgreSqlRateLimitTests : IAsyncLifetime
{
    private readonly string _schema = TestDatabase.NewSchemaName();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private PostgreSqlJobStore? _store;

    public async Task InitializeAsync()
    {
        _store = new PostgreSqlJobStore(TestDatabase.ConnectionString, new PostgreSqlStoreOptions { SchemaName = _schema }, _time);
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await TestDatabase.DropSchemaAsync(_schema);
    }

    private async Task<long> RowsAsync() => (long)(await TestDatabase.ScalarAsync($"SELECT count(*) FROM {_schema}.rate_limits"))!;

    [Fact]
    public async Task Maintenance_deletes_the_rate_limit_rows_past_their_expiry_and_only_those()
    {
        RateLimitOptions Limit(RateLimitAlgorithm algorithm, int seconds) => new("customer:42", 1, TimeSpan.FromSeconds(seconds)) { Algorithm = algorithm };
        var limits = new[] { Limit(RateLimitAlgorithm.FixedWindow, 60), Limit(RateLimitAlgorithm.SlidingWindow, 60), Limit(RateLimitAlgorithm.TokenBucket, 120) };
        Assert.True((await _store!.TakeRatePermitsAsync(One(limits, "1", "a")))[0].IsGranted);
        // A refused call leaves no state behind that outlives the maintenance.
        Assert.False((await _store.TakeRatePermitsAsync(One([Limit(RateLimitAlgorithm.FixedWindow, 60), Limit(RateLimitAlgorithm.FixedWindow, 60) with { Key = "other" }], "1", "b")))[0].IsGranted);

        _time.Advance(TimeSpan.FromSeconds(59));
        await _store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100));
        Assert.Equal(3, await RowsAsync());
        _time.Advance(TimeSpan.FromSeconds(1));
        await _store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100));
        Assert.Equal("TokenBucket", await TestDatabase.ScalarAsync($"SELECT string_agg(algorithm, ',') FROM {_schema}.rate_limits"));
        _time.Advance(TimeSpan.FromSeconds(60));
        await _store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100));
        Assert.Equal(0, await RowsAsync());
    }

    [Theory]
    [InlineData(RateLimitAlgorithm.FixedWindow)]
    [InlineData(RateLimitAlgorithm.SlidingWindow)]
    [InlineData(RateLimitAlgorithm.TokenBucket)]
    public async Task Three_store_instances_grant_exactly_the_limit_between_them_and_never_deadlock(RateLimitAlgorithm algorithm)
    {
        // Three instances stand for three servers, each with its own pool; callers name the two keys in opposite orders.
        var stores = new List<PostgreSqlJobStore> { _store! };
        for (var i = 0; i < 2; i++)
        {
            stores.Add(new PostgreSqlJobStore(TestDatabase.ConnectionString, new PostgreSqlStoreOptions { SchemaName = _schema }, _time));
            await stores[^1].InitializeAsync();
        }
        try
        {
            var customer = new RateLimitOptions("customer:42", 7, TimeSpan.FromMinutes(1)) { Algorithm = algorithm };
            var overall = new RateLimitOptions("all", 1000, TimeSpan.FromMinutes(1)) { Algorithm = algorithm };

            var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() =>
                stores[i % 3].TakeRatePermitsAsync(One(i % 2 == 0 ? [customer, overall] : [overall, customer], "1", $"lease-{i}")))));

            Assert.Equal(7, results.Count(r => r[0].IsGranted));
            // The overall limit counted the 7 granted calls only: all or nothing.
            var left = 0;
            while ((await _store!.TakeRatePermitsAsync(One([overall], "1", "x")))[0].IsGranted) left++;
            Assert.Equal(1000 - 7, left);
        }
        finally
        {
            foreach (var store in stores.Skip(1)) await store.DisposeAsync();
        }
    }

    private static TakeRatePermitsRequest One(IReadOnlyList<RateLimitOptions> limits, string jobId, string leaseToken) =>
        new([new RatePermitRequest(limits, jobId, leaseToken)]);
}
