namespace Ember.Storage;

/// <summary>
/// Counts, for <see cref="IJobQueries.GetRateLimitsAsync"/>, the jobs that carry each rate limit key: a store hands it
/// the <see cref="ParameterName"/> parameter of its Enqueued, Scheduled and Processing jobs (grouped by the parameter's
/// text where it can: the jobs of one key mostly carry the same text, so the store sends few rows), and each listed key
/// gets its <see cref="RateLimitInfo.Processing"/> and <see cref="RateLimitInfo.Waiting"/>. The parameter is read here,
/// once per distinct text, so that every store counts as the servers read it; a text Ember can't read counts for no key
/// (its run fails, naming the parameter).
/// </summary>
public sealed class RateLimitJobCounts
{
    /// <summary>The job parameter that carries a job's rate limits (a JSON array written at enqueue).</summary>
    public const string ParameterName = RateLimitParameter.Name;

    private readonly Dictionary<string, RateLimitOptions[]?> _read = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, RateLimitAlgorithm Algorithm), (long Processing, long Waiting)> _counts = [];

    /// <summary>Counts <paramref name="jobs"/> jobs carrying <paramref name="rateLimits"/> (the parameter's text; null or empty for none).</summary>
    /// <param name="rateLimits">The parameter's value.</param>
    /// <param name="processing">True for Processing jobs, false for Enqueued or Scheduled ones.</param>
    /// <param name="jobs">How many jobs carry that text in that state.</param>
    public void Add(string? rateLimits, bool processing, long jobs = 1)
    {
        if (string.IsNullOrEmpty(rateLimits) || jobs <= 0) return;
        if (!_read.TryGetValue(rateLimits, out var limits))
        {
            try
            {
                limits = RateLimitParameter.Read(new Dictionary<string, string>(StringComparer.Ordinal) { [ParameterName] = rateLimits });
            }
            catch (FormatException)
            {
                limits = null;
            }
            _read[rateLimits] = limits;
        }
        if (limits is null) return;
        foreach (var limit in limits)
        {
            var id = (limit.Key, limit.Algorithm);
            var (p, w) = _counts.GetValueOrDefault(id);
            _counts[id] = processing ? (p + jobs, w) : (p, w + jobs);
        }
    }

    /// <summary><paramref name="info"/> with the jobs counted for its key and algorithm.</summary>
    public RateLimitInfo Apply(RateLimitInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var (processing, waiting) = _counts.GetValueOrDefault((info.Key, info.Algorithm));
        return info with { Processing = processing, Waiting = waiting };
    }

    /// <summary>Every one of <paramref name="infos"/> with its jobs counted.</summary>
    public IReadOnlyList<RateLimitInfo> Apply(IReadOnlyList<RateLimitInfo> infos)
    {
        ArgumentNullException.ThrowIfNull(infos);
        var applied = new RateLimitInfo[infos.Count];
        for (var i = 0; i < applied.Length; i++) applied[i] = Apply(infos[i]);
        return applied;
    }
}
