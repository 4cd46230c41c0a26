namespace Ember.Storage.Conformance;

/// <summary>
/// Records the queues an <see cref="IJobNotifications"/> subscription reports, and lets a test wait for one without
/// a fixed sleep (notifications may arrive on another thread, or later, for stores that notify across processes).
/// </summary>
internal sealed class WorkRecorder : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly List<string> _queues = [];
    private readonly List<(string Queue, TaskCompletionSource Signal)> _waiters = [];
    private readonly IDisposable _subscription;

    public WorkRecorder(IJobNotifications notifications) => _subscription = notifications.Subscribe(OnWork);

    /// <summary>Every queue reported so far, in order.</summary>
    public IReadOnlyList<string> Queues
    {
        get { lock (_lock) return _queues.ToArray(); }
    }

    /// <summary>Completes once <paramref name="queue"/> has been reported; fails after a generous timeout.</summary>
    public async Task WaitForAsync(string queue)
    {
        Task signal;
        lock (_lock)
        {
            if (_queues.Contains(queue)) return;
            var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((queue, source));
            signal = source.Task;
        }
        try
        {
            await signal.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No notification for queue '{queue}' within {Timeout.TotalSeconds} s; got [{string.Join(", ", Queues)}].");
        }
    }

    public void Dispose() => _subscription.Dispose();

    private void OnWork(string queue)
    {
        lock (_lock)
        {
            _queues.Add(queue);
            foreach (var waiter in _waiters.Where(w => w.Queue == queue)) waiter.Signal.TrySetResult();
            _waiters.RemoveAll(w => w.Queue == queue);
        }
    }
}
