using System.Collections.Concurrent;
using System.Reflection;

namespace Ember;

/// <summary>
/// Limits how often the jobs of a method (or of every method of a class) start, per key built from their arguments:
/// at most <see cref="Limit"/> starts per <see cref="PeriodInSeconds"/> across every server. A job over the rate is
/// Scheduled again for when its key allows it, spending no retry. Several attributes on one method are all applied
/// (e.g. per customer and overall); the limits of the method come before those of its class. Limits given at enqueue
/// (<see cref="EnqueueOptions.RateLimits"/>) replace them.
/// </summary>
/// <example><code>[RateLimit("customer:{customerId}", limit: 100, periodInSeconds: 60)] public Task SyncAsync(int customerId) { ... }</code></example>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Interface, Inherited = true, AllowMultiple = true)]
public sealed class RateLimitAttribute : Attribute
{
    /// <summary>Limits the jobs to <paramref name="limit"/> starts per <paramref name="periodInSeconds"/> per key.</summary>
    /// <param name="keyTemplate">The key, with arguments by position (<c>{0}</c>) or by parameter name (<c>{customerId}</c>); a name or position the method lacks is an error at enqueue.</param>
    /// <param name="limit">Starts per period: 1 to <see cref="RateLimitOptions.MaxLimit"/>; checked at enqueue.</param>
    /// <param name="periodInSeconds">The period, 1 s to 30 days; checked at enqueue.</param>
    public RateLimitAttribute(string keyTemplate, int limit, int periodInSeconds)
    {
        KeyTemplate = keyTemplate;
        Limit = limit;
        PeriodInSeconds = periodInSeconds;
    }

    /// <summary>The key template.</summary>
    public string KeyTemplate { get; }

    /// <summary>Starts per period.</summary>
    public int Limit { get; }

    /// <summary>The period, in seconds.</summary>
    public int PeriodInSeconds { get; }

    /// <summary>How starts are counted. Default <see cref="RateLimitAlgorithm.FixedWindow"/>.</summary>
    public RateLimitAlgorithm Algorithm { get; set; } = RateLimitAlgorithm.FixedWindow;

    private static readonly ConcurrentDictionary<(Type, MethodInfo), RateLimitAttribute[]> Attributes = new();

    /// <summary>The rate limits the job's attributes give it, or null when it has none.</summary>
    /// <exception cref="ArgumentException">A key template names an argument the method doesn't have, or a limit or period is out of range.</exception>
    internal static RateLimitOptions[]? Of(Job job)
    {
        var attributes = Attributes.GetOrAdd((job.Type, job.Method), static key =>
            [.. key.Item2.GetCustomAttributes<RateLimitAttribute>(), .. key.Item1.GetCustomAttributes<RateLimitAttribute>()]);
        if (attributes.Length == 0) return null;
        var limits = new RateLimitOptions[attributes.Length];
        for (var i = 0; i < limits.Length; i++)
        {
            var attribute = attributes[i];
            if (string.IsNullOrEmpty(attribute.KeyTemplate))
                throw new ArgumentException($"[RateLimit] on {job} has an empty key template: give one such as \"customer:{{customerId}}\".", nameof(job));
            if (attribute.PeriodInSeconds <= 0 || attribute.PeriodInSeconds > RateLimitOptions.MaxPeriod.TotalSeconds)
                throw new ArgumentException(
                    $"[RateLimit(\"{attribute.KeyTemplate}\")] on {job} has periodInSeconds = {attribute.PeriodInSeconds}; give 1 to {RateLimitOptions.MaxPeriod.TotalSeconds:0} seconds.", nameof(job));
            limits[i] = new RateLimitOptions(Ember.KeyTemplate.Format(attribute.KeyTemplate, job, "[RateLimit]"), attribute.Limit, TimeSpan.FromSeconds(attribute.PeriodInSeconds))
            {
                Algorithm = attribute.Algorithm,
            };
            try
            {
                limits[i].Validate();
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"[RateLimit(\"{attribute.KeyTemplate}\")] on {job}: {ex.Message}", nameof(job), ex);
            }
        }
        return limits;
    }
}
