using Ember.Storage;

namespace Ember;

/// <summary>What a server does with a run's rate limits: which they are, and the change when one refuses.</summary>
internal static class RatePermits
{
    /// <summary>
    /// The limits of a run: those the job was enqueued with (its parameter), else its method's attributes (a recurring
    /// job's occurrences are created without the client, so their attributes are read here). Null for none.
    /// </summary>
    /// <exception cref="FormatException">The parameter can't be read.</exception>
    /// <exception cref="ArgumentException">An attribute's template or limit is invalid.</exception>
    public static RateLimitOptions[]? Of(Job job, IReadOnlyDictionary<string, string>? parameters)
    {
        if (RateLimitParameter.Read(parameters) is { } given) return given.Length == 0 ? null : given;
        return RateLimitAttribute.Of(job);
    }

    /// <summary>The job waits (Scheduled) until <paramref name="retryAt"/>; the history names the limit.</summary>
    public static StateChange Refused(RateLimitOptions limit, DateTimeOffset retryAt) =>
        StateChange.Scheduled(HistoryKind.RateLimited, retryAt,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Rate limited by {limit}; starts again at {retryAt.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} UTC"));
}
