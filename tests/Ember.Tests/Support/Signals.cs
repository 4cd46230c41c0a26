using System.Collections.Concurrent;

namespace Ember.Tests.Support;

/// <summary>How test jobs report to tests: per-key hit counts and awaitable signals. Keys are unique per test.</summary>
public static class Signals
{
    private static readonly ConcurrentDictionary<string, Entry> Entries = new();

    public static string NewKey() => Guid.NewGuid().ToString("N");

    public static int Hit(string key)
    {
        var entry = Entries.GetOrAdd(key, _ => new Entry());
        var count = Interlocked.Increment(ref entry.Count);
        entry.Changed.Writer.TryWrite(count);
        return count;
    }

    public static int Count(string key) => Entries.TryGetValue(key, out var entry) ? Volatile.Read(ref entry.Count) : 0;

    /// <summary>Waits until <paramref name="key"/> was hit at least <paramref name="count"/> times, or fails the test.</summary>
    public static async Task WaitAsync(string key, int count = 1, TimeSpan? timeout = null)
    {
        var entry = Entries.GetOrAdd(key, _ => new Entry());
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            while (Volatile.Read(ref entry.Count) < count)
                await entry.Changed.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Signal {key} was hit {Count(key)} times, expected {count} within {timeout ?? TimeSpan.FromSeconds(10)}.");
        }
    }

    private sealed class Entry
    {
        public int Count;
        public System.Threading.Channels.Channel<int> Changed { get; } = System.Threading.Channels.Channel.CreateUnbounded<int>();
    }
}
