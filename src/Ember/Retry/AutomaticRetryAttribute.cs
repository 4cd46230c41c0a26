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

    private int? _interruptions;

    /// <summary>How many runs interrupted by their server stopping the job may have and still run again (see <see cref="RetryOptions.Interruptions"/>).</summary>
    public int Interruptions
    {
        get => _interruptions ?? new RetryOptions().Interruptions;
        set => _interruptions = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "AutomaticRetry.Interruptions must be 0 or more.");
    }

    private int[]? _delaysInSeconds;
    private Type[]? _onlyOn;
    private Type[]? _exceptOn;

    /// <summary>Delays between retries in seconds, the last value repeating.</summary>
    /// <exception cref="ArgumentException">Empty, or a negative delay.</exception>
    public int[]? DelaysInSeconds
    {
        get => _delaysInSeconds;
        set => _delaysInSeconds = value is null || (value.Length > 0 && value.All(d => d >= 0)) ? value
            : throw new ArgumentException("AutomaticRetry.DelaysInSeconds must list at least one delay, none negative.", nameof(value));
    }

    /// <summary>What happens when retries run out.</summary>
    public AttemptsExceededAction OnAttemptsExceeded
    {
        get => _onAttemptsExceeded ?? AttemptsExceededAction.Fail;
        set => _onAttemptsExceeded = value;
    }

    /// <summary>Retry only on these exception types (and types deriving from them).</summary>
    /// <exception cref="ArgumentException">A type is not an exception type.</exception>
    public Type[]? OnlyOn
    {
        get => _onlyOn;
        set => _onlyOn = ExceptionTypes(value, nameof(OnlyOn));
    }

    /// <summary>Never retry on these exception types (and types deriving from them).</summary>
    /// <exception cref="ArgumentException">A type is not an exception type.</exception>
    public Type[]? ExceptOn
    {
        get => _exceptOn;
        set => _exceptOn = ExceptionTypes(value, nameof(ExceptOn));
    }

    private static Type[]? ExceptionTypes(Type[]? types, string property) =>
        types?.FirstOrDefault(t => t is null || !typeof(Exception).IsAssignableFrom(t)) is { } wrong
            ? throw new ArgumentException($"AutomaticRetry.{property} lists {wrong}, which is not an exception type.", property)
            : types;

    internal RetryOptions Over(RetryOptions inherited) => new()
    {
        Attempts = _attempts ?? inherited.Attempts,
        Interruptions = _interruptions ?? inherited.Interruptions,
        DelaysInSeconds = DelaysInSeconds ?? inherited.DelaysInSeconds,
        OnAttemptsExceeded = _onAttemptsExceeded ?? inherited.OnAttemptsExceeded,
        OnlyOn = OnlyOn ?? inherited.OnlyOn,
        ExceptOn = ExceptOn ?? inherited.ExceptOn,
    };
}
