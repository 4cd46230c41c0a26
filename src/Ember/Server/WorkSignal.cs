namespace Ember.Server;

/// <summary>
/// The fetch loop's wake-up. The loop resets it by hand before each fetch and waits on it only when the fetch came back
/// short, so a notification that arrives during a fetch is never lost: the wait returns at once.
/// </summary>
internal sealed class WorkSignal
{
    private TaskCompletionSource _signal = NewSignal();

    public void Set() => Volatile.Read(ref _signal).TrySetResult();

    public void Reset()
    {
        var current = Volatile.Read(ref _signal);
        if (current.Task.IsCompleted) Interlocked.CompareExchange(ref _signal, NewSignal(), current);
    }

    /// <summary>Waits until set, the timeout passes or the token fires (then throws).</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref _signal).Task;
        if (signal.IsCompleted) return;
        using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, stopDelay.Token);
        await Task.WhenAny(signal, delay).ConfigureAwait(false);
        await stopDelay.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
