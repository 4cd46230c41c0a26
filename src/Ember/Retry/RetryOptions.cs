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
    /// How many runs interrupted by their server stopping (a crash, <c>kill -9</c>, the OOM killer, a lost lease) a job
    /// may have and still run again; the next interruption ends it, Failed with a <see cref="Retry.JobInterruptedException"/>
    /// (or Deleted, as <see cref="OnAttemptsExceeded"/> says). So a job that crashes its server on every run takes down
    /// at most this many plus one. Counted apart from <see cref="Attempts"/>, which only failures spend: a job that
    /// must not be retried on an exception is still re-run after a crash. Default 5; 0 runs nothing twice after a crash.
    /// </summary>
    public int Interruptions { get; set; } = 5;

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
        if (Interruptions < 0)
            throw new InvalidOperationException($"{path}.Interruptions must be 0 or more (was {Interruptions}); 0 runs a job whose server stopped mid-run no more.");
        if (DelaysInSeconds is { } delays && (delays.Count == 0 || delays.Any(d => d < 0)))
            throw new InvalidOperationException($"{path}.DelaysInSeconds must be null or a non-empty list of delays of 0 seconds or more.");
        if ((OnlyOn ?? []).Concat(ExceptOn ?? []).FirstOrDefault(t => t is null || !typeof(Exception).IsAssignableFrom(t)) is { } wrong)
            throw new InvalidOperationException($"{path}.OnlyOn and ExceptOn must list exception types; {wrong} is not one.");
    }
}
