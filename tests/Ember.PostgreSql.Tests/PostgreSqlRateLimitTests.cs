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
        Assert.True((await _store!.TakeRatePermitsAsync(new RatePermitRequest(limits, "1", "a"))).IsGranted);
        // A refused call leaves no state behind that outlives the maintenance.
        Assert.False((await _store.TakeRatePermitsAsync(new RatePermitRequest([Limit(RateLimitAlgorithm.FixedWindow, 60), Limit(RateLimitAlgorithm.FixedWindow, 60) with { Key = "other" }], "1", "b"))).IsGranted);

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
}
