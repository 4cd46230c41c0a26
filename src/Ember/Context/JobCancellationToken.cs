namespace Ember;

/// <summary>An <see cref="IJobCancellationToken"/> over a <see cref="CancellationToken"/>.</summary>
/// <param name="token">The token it reports.</param>
public sealed class JobCancellationToken(CancellationToken token) : IJobCancellationToken
{
    /// <summary>What to pass for an <see cref="IJobCancellationToken"/> parameter at enqueue: the job gets its own when it runs.</summary>
    public static IJobCancellationToken? Null => null;

    /// <inheritdoc />
    public CancellationToken ShutdownToken { get; } = token;

    /// <inheritdoc />
    public void ThrowIfCancellationRequested() => ShutdownToken.ThrowIfCancellationRequested();
}
