namespace Ember.Storage;

/// <summary>
/// The subscriber list behind an in-process <see cref="IJobNotifications"/>: stores that can only tell servers in
/// their own process (in-memory, SQLite) share it.
/// </summary>
public sealed class WorkSubscribers
{
    private volatile Action<string>[] _subscribers = [];
    private readonly Lock _lock = new();

    /// <summary>Whether nobody listens, so callers can skip building notifications.</summary>
    public bool IsEmpty => _subscribers.Length == 0;

    /// <summary>Adds a subscriber; dispose the result to remove it.</summary>
    public IDisposable Add(Action<string> onWork)
    {
        ArgumentNullException.ThrowIfNull(onWork);
        lock (_lock) _subscribers = [.. _subscribers, onWork];
        return new Subscription(this, onWork);
    }

    /// <summary>Tells every subscriber that <paramref name="queue"/> has work.</summary>
    public void Notify(string queue)
    {
        foreach (var subscriber in _subscribers) subscriber(queue);
    }

    private void Remove(Action<string> onWork)
    {
        lock (_lock) _subscribers = _subscribers.Where(s => s != onWork).ToArray();
    }

    private sealed class Subscription(WorkSubscribers owner, Action<string> onWork) : IDisposable
    {
        public void Dispose() => owner.Remove(onWork);
    }
}
