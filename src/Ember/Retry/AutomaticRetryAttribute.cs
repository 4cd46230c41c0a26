namespace Ember;

/// <summary>
/// Overrides the retry policy for a job class or method (the method's attribute wins over the class's, which wins over
/// <see cref="EmberOptions.Retry"/>). A property left unset keeps the value of the level below.
/// </summary>
/// <example><code>
/// [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 60], OnlyOn = [typeof(HttpRequestException)])]
/// public Task SyncAsync(int customerId, CancellationToken token) { ... }
/// </code></example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Interface, Inherited = true)]
public sealed class AutomaticRetryAttribute : Attribute
{
    private int? _attempts;
    private AttemptsExceededAction? _onAttemptsExceeded;

    /// <summary>How many times a failed job is retried; 0 disables retries.</summary>
    public int Attempts
    {
        get => _attempts ?? new RetryOptions().Attempts;
        set => _attempts = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "AutomaticRetry.Attempts must be 0 or more.");
    }

    /// <summary>Delays between retries in seconds, the last value repeating.</summary>
    public int[]? DelaysInSeconds { get; set; }

    /// <summary>What happens when retries run out.</summary>
    public AttemptsExceededAction OnAttemptsExceeded
    {
        get => _onAttemptsExceeded ?? AttemptsExceededAction.Fail;
        set => _onAttemptsExceeded = value;
    }

    /// <summary>Retry only on these exception types (and types deriving from them).</summary>
    public Type[]? OnlyOn { get; set; }

    /// <summary>Never retry on these exception types (and types deriving from them).</summary>
    public Type[]? ExceptOn { get; set; }

    internal RetryOptions Over(RetryOptions inherited) => new()
    {
        Attempts = _attempts ?? inherited.Attempts,
        DelaysInSeconds = DelaysInSeconds ?? inherited.DelaysInSeconds,
        OnAttemptsExceeded = _onAttemptsExceeded ?? inherited.OnAttemptsExceeded,
        OnlyOn = OnlyOn ?? inherited.OnlyOn,
        ExceptOn = ExceptOn ?? inherited.ExceptOn,
    };
}
