namespace Ember;

/// <summary>
/// Hangfire's job cancellation token, kept so that Hangfire job signatures compile unchanged: declare a parameter of
/// this type, pass <see cref="JobCancellationToken.Null"/> at enqueue, and the job gets its token when it runs. New
/// code can take a plain <see cref="CancellationToken"/> instead; both fire on the same events (shutdown, delete,
/// timeout, lost lease).
/// </summary>
public interface IJobCancellationToken
{
    /// <summary>The job's token (despite Hangfire's name, it fires on every reason to stop, not only shutdown).</summary>
    CancellationToken ShutdownToken { get; }

    /// <summary>Throws <see cref="OperationCanceledException"/> when the job should stop.</summary>
    void ThrowIfCancellationRequested();
}
