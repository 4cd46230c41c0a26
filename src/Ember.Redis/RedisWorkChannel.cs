using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

/// <summary>
/// Wakes idle servers when a queue gets work. Servers in this process are told at once, after the script returns;
/// servers in other processes through Redis pub/sub. Each message carries this store instance's id so that it doesn't
/// tell its own servers twice. Pub/sub is fire-and-forget: a lost message only delays work until the next poll.
/// </summary>
internal sealed class RedisWorkChannel(RedisConnection connection, RedisKeys keys) : IAsyncDisposable
{
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly WorkSubscribers _subscribers = new();
    private ISubscriber? _subscriber;
    private int _started;

    public IDisposable Subscribe(Action<string> onWork) => _subscribers.Add(onWork);

    public async Task StartAsync()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        var multiplexer = await connection.GetMultiplexerAsync().ConfigureAwait(false);
        _subscriber = multiplexer.GetSubscriber();
        await _subscriber.SubscribeAsync(keys.WorkChannel, OnMessage).ConfigureAwait(false);
    }

    /// <summary>Reports the queues a script woke (an array of names) here and to other processes.</summary>
    public void Notify(RedisResult queues)
    {
        var names = (RedisValue[])queues!;
        if (names.Length == 0) return;
        foreach (var queue in names)
        {
            string name = queue!;
            if (!_subscribers.IsEmpty) _subscribers.Notify(name);
            _subscriber?.Publish(keys.WorkChannel, _instance + "\n" + name, CommandFlags.FireAndForget);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscriber is { } subscriber)
        {
            try
            {
                await subscriber.UnsubscribeAsync(keys.WorkChannel).ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // Redis is gone: there is no subscription left to end.
            }
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        string text = message!;
        var split = text.IndexOf('\n', StringComparison.Ordinal);
        if (split < 0 || text.AsSpan(0, split).SequenceEqual(_instance)) return;
        _subscribers.Notify(text[(split + 1)..]);
    }
}
