using System.Reflection;

namespace Ember;

/// <summary>
/// How long one run of the method (or of every method of a class) may take: past it, the job's cancellation token
/// fires, and a run that ends by that cancellation fails with a <see cref="TimeoutException"/> (and retries as any
/// failure). Overrides <see cref="ServerOptions.JobTimeout"/>; <see cref="EnqueueOptions.Timeout"/> overrides it.
/// </summary>
/// <example><code>[JobTimeout(30)] public Task PingAsync(string url, CancellationToken token) { ... }</code></example>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Interface, Inherited = true)]
public sealed class JobTimeoutAttribute : Attribute
{
    /// <summary>Limits each run to <paramref name="seconds"/>.</summary>
    /// <param name="seconds">1 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public JobTimeoutAttribute(int seconds)
    {
        if (seconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "[JobTimeout] takes a positive number of seconds; leave it off for no timeout of the job's own.");
        Seconds = seconds;
    }

    /// <summary>The limit, in seconds.</summary>
    public int Seconds { get; }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, MethodInfo), TimeSpan?> Limits = new();

    /// <summary>The limit the job's method or class declares, or null.</summary>
    internal static TimeSpan? Of(Job job) => Limits.GetOrAdd((job.Type, job.Method), static key =>
        (key.Item2.GetCustomAttribute<JobTimeoutAttribute>() ?? key.Item1.GetCustomAttribute<JobTimeoutAttribute>()) is { } attribute
            ? TimeSpan.FromSeconds(attribute.Seconds) : null);
}
