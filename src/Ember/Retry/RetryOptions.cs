namespace Ember;

/// <summary>
/// The retry policy applied to every job without an <see cref="AutomaticRetryAttribute"/>. Like Hangfire's: 10 retries
/// with a growing delay and jitter (about 16 s, 47 s, 2 min, … 1.9 h), then Failed.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>How many times a failed job is retried before <see cref="OnAttemptsExceeded"/> applies. Default 10; 0 disables retries.</summary>
    public int Attempts { get; set; } = 10;

    /// <summary>
    /// Delays between retries in seconds: the n-th retry waits <c>DelaysInSeconds[n-1]</c>, the last value repeating.
    /// Default null: Hangfire's growing delay, <c>(n-1)^4 + 15 + random(0..29) * n</c> seconds.
    /// </summary>
    public IReadOnlyList<int>? DelaysInSeconds { get; set; }

    /// <summary>What happens when retries run out. Default <see cref="AttemptsExceededAction.Fail"/>.</summary>
    public AttemptsExceededAction OnAttemptsExceeded { get; set; } = AttemptsExceededAction.Fail;

    /// <summary>Retry only when the exception is one of these types (or derives from one). Default null: any exception.</summary>
    public IReadOnlyList<Type>? OnlyOn { get; set; }

    /// <summary>Never retry when the exception is one of these types (or derives from one). Default null: none excluded.</summary>
    public IReadOnlyList<Type>? ExceptOn { get; set; }

    internal void Validate(string path)
    {
        if (Attempts < 0)
            throw new InvalidOperationException($"{path}.Attempts must be 0 or more (was {Attempts}); 0 disables retries.");
        if (DelaysInSeconds is { } delays && (delays.Count == 0 || delays.Any(d => d < 0)))
            throw new InvalidOperationException($"{path}.DelaysInSeconds must be null or a non-empty list of delays of 0 seconds or more.");
        if ((OnlyOn ?? []).Concat(ExceptOn ?? []).FirstOrDefault(t => t is null || !typeof(Exception).IsAssignableFrom(t)) is { } wrong)
            throw new InvalidOperationException($"{path}.OnlyOn and ExceptOn must list exception types; {wrong} is not one.");
    }
}
