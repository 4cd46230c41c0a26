using System.Collections.Concurrent;
using Ember.Tests.Support;

namespace Ember.Tests.RateLimits;

/// <summary>Jobs that record when they start, per test key.</summary>
public static class RateLimitJobs
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> Starts = new();

    public static IReadOnlyList<DateTimeOffset> StartsOf(string key) =>
        Starts.TryGetValue(key, out var starts) ? [.. starts.OrderBy(s => s)] : [];

    public static void Start(string key, int customerId)
    {
        _ = customerId;
        Starts.GetOrAdd(key, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(DateTimeOffset.UtcNow);
        Signals.Hit(key);
    }

    [RateLimit("customer:{customerId}", limit: 2, periodInSeconds: 60)]
    public static void PerCustomer(int customerId, string note) { _ = (customerId, note); }

    [RateLimit("customer:{customerId}", limit: 2, periodInSeconds: 60)]
    [RateLimit("all-customers", limit: 100, periodInSeconds: 1, Algorithm = RateLimitAlgorithm.TokenBucket)]
    public static void Twice(int customerId) { _ = customerId; }

    [RateLimit("customer:{customer}", limit: 2, periodInSeconds: 60)]
    public static void Misnamed(int customerId) { _ = customerId; }

    [RateLimit("customer:{0}", limit: 0, periodInSeconds: 60)]
    public static void NoStarts(int customerId) { _ = customerId; }

    [RateLimit("customer:{0}", limit: 5, periodInSeconds: 0)]
    public static void NoPeriod(int customerId) { _ = customerId; }

    [RateLimit("{0}", limit: 5, periodInSeconds: 60)]
    public static void ByText(string text) { _ = text; }
}
