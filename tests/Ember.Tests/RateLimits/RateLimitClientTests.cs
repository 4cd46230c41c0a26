using System.Text.Json;
using Ember.InMemory;
using Ember.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.RateLimits;

public class RateLimitClientTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryJobStore _store;
    private readonly BackgroundJobClient _client;

    public RateLimitClientTests()
    {
        _store = new InMemoryJobStore(_time);
        _client = new BackgroundJobClient(_store, timeProvider: _time);
    }

    private async Task<JsonElement> RateLimitsOfAsync(string jobId)
    {
        var details = (await _store.Queries.GetJobAsync(jobId))!;
        return JsonDocument.Parse(details.Job.Parameters[RateLimitParameter.Name]).RootElement;
    }

    [Fact]
    public async Task The_attribute_key_template_is_formatted_at_enqueue_and_travels_as_a_job_parameter()
    {
        var id = await _client.EnqueueAsync(() => RateLimitJobs.Twice(42));

        var limits = await RateLimitsOfAsync(id);
        Assert.Equal(2, limits.GetArrayLength());
        Assert.Equal("customer:42", limits[0].GetProperty("key").GetString());
        Assert.Equal(2, limits[0].GetProperty("limit").GetInt32());
        Assert.Equal(60_000, limits[0].GetProperty("periodMs").GetInt64());
        Assert.Equal("FixedWindow", limits[0].GetProperty("algorithm").GetString());
        Assert.Equal("all-customers", limits[1].GetProperty("key").GetString());
        Assert.Equal("TokenBucket", limits[1].GetProperty("algorithm").GetString());
    }

    [Fact]
    public async Task EnqueueOptions_RateLimits_replace_the_attributes_and_an_empty_list_removes_them()
    {
        var given = await _client.EnqueueAsync(() => RateLimitJobs.Twice(42), new EnqueueOptions
        {
            RateLimits = [new RateLimitOptions("vip", 10, TimeSpan.FromMilliseconds(1500)) { Algorithm = RateLimitAlgorithm.SlidingWindow }],
        });
        var none = await _client.EnqueueAsync(() => RateLimitJobs.Twice(42), new EnqueueOptions { RateLimits = [] });

        var limits = await RateLimitsOfAsync(given.JobId);
        Assert.Equal("vip", Assert.Single(limits.EnumerateArray()).GetProperty("key").GetString());
        Assert.Equal(1500, limits[0].GetProperty("periodMs").GetInt64());
        Assert.Equal(0, (await RateLimitsOfAsync(none.JobId)).GetArrayLength());
        Assert.Null(RatePermits.Of(Job.FromExpression(() => RateLimitJobs.Twice(42)), (await _store.Queries.GetJobAsync(none.JobId))!.Job.Parameters));
    }

    [Fact]
    public async Task A_job_without_rate_limits_carries_no_parameter()
    {
        var id = await _client.EnqueueAsync(() => RateLimitJobs.Start("k", 1));

        Assert.False((await _store.Queries.GetJobAsync(id))!.Job.Parameters.ContainsKey(RateLimitParameter.Name));
    }

    [Fact]
    public void A_run_without_the_parameter_takes_its_limits_from_the_attributes()
    {
        // A recurring job's occurrences are created without the client: the server reads the method's attributes.
        var limits = RatePermits.Of(Job.FromExpression(() => RateLimitJobs.PerCustomer(7, "x")), new Dictionary<string, string>())!;

        Assert.Equal("customer:7", Assert.Single(limits).Key);
        Assert.Null(RatePermits.Of(Job.FromExpression(() => RateLimitJobs.Start("k", 1)), null));
    }

    [Fact]
    public async Task A_key_template_naming_a_missing_argument_is_refused_at_enqueue_naming_it()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.EnqueueAsync(() => RateLimitJobs.Misnamed(1)));

        Assert.Contains("{customer}", error.Message, StringComparison.Ordinal);
        Assert.Contains("{customerId} or {0}", error.Message, StringComparison.Ordinal);
        Assert.Contains("[RateLimit]", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10)));
    }

    [Fact]
    public async Task A_limit_of_zero_or_less_is_refused_at_enqueue_saying_what_to_give()
    {
        var fromAttribute = await Assert.ThrowsAsync<ArgumentException>(() => _client.EnqueueAsync(() => RateLimitJobs.NoStarts(1)));
        var negative = await Assert.ThrowsAsync<ArgumentException>(() => _client.EnqueueAsync(() => RateLimitJobs.Start("k", 1),
            new EnqueueOptions { RateLimits = [new RateLimitOptions("k", -5, TimeSpan.FromMinutes(1))] }));

        Assert.Contains("0 starts per period; give 1 to 1,000,000", fromAttribute.Message, StringComparison.Ordinal);
        Assert.Contains("RateLimitJobs.NoStarts", fromAttribute.Message, StringComparison.Ordinal);
        Assert.Contains("-5 starts per period", negative.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zero_negative_or_sub_millisecond_period_is_refused_at_enqueue()
    {
        var fromAttribute = await Assert.ThrowsAsync<ArgumentException>(() => _client.EnqueueAsync(() => RateLimitJobs.NoPeriod(1)));
        Assert.Contains("periodInSeconds = 0; give 1 to 2592000 seconds", fromAttribute.Message, StringComparison.Ordinal);

        foreach (var period in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(-1), TimeSpan.FromTicks(15_000), TimeSpan.FromDays(31) })
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.EnqueueAsync(() => RateLimitJobs.Start("k", 1),
                new EnqueueOptions { RateLimits = [new RateLimitOptions("k", 5, period)] }));
            Assert.Contains("whole number of milliseconds from 1 ms to 30 days", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_key_over_the_length_limit_or_empty_is_refused_at_enqueue()
    {
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => _client.EnqueueAsync(() => RateLimitJobs.ByText(new string('x', 300))));
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => _client.EnqueueAsync(() => RateLimitJobs.ByText("")));

        Assert.Contains("has 300 characters; at most 256", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("key is empty", empty.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10)));
    }

    [Fact]
    public async Task Other_bad_limits_are_refused_at_enqueue()
    {
        RateLimitOptions Limit(string key = "k", int limit = 5, RateLimitAlgorithm algorithm = RateLimitAlgorithm.FixedWindow) =>
            new(key, limit, TimeSpan.FromMinutes(1)) { Algorithm = algorithm };
        Task Enqueue(params RateLimitOptions[] limits) => _client.EnqueueAsync(() => RateLimitJobs.Start("k", 1), new EnqueueOptions { RateLimits = limits });

        Assert.Contains("given twice", (await Assert.ThrowsAsync<ArgumentException>(() => Enqueue(Limit(), Limit(limit: 9)))).Message, StringComparison.Ordinal);
        Assert.Contains("at most 10,000", (await Assert.ThrowsAsync<ArgumentException>(() => Enqueue(Limit(limit: 10_001, algorithm: RateLimitAlgorithm.SlidingWindow)))).Message, StringComparison.Ordinal);
        Assert.Contains("unknown algorithm", (await Assert.ThrowsAsync<ArgumentException>(() => Enqueue(Limit(algorithm: (RateLimitAlgorithm)7)))).Message, StringComparison.Ordinal);
        Assert.Contains("at most 10 are accepted", (await Assert.ThrowsAsync<ArgumentException>(() => Enqueue([.. Enumerable.Range(0, 11).Select(i => Limit($"k{i}"))]))).Message, StringComparison.Ordinal);
        // The same key under two algorithms is two counts, so it is accepted.
        await Enqueue(Limit(), Limit(algorithm: RateLimitAlgorithm.TokenBucket), Limit(algorithm: RateLimitAlgorithm.SlidingWindow), Limit("k2", limit: 10_001));
    }
}
