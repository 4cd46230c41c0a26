using StackExchange.Redis;

namespace Ember.Redis;

/// <summary>
/// The store's link to Redis: connects (or uses the application's multiplexer), checks Redis answers, loads the
/// scripts, and runs them by SHA1, loading a script again when Redis has forgotten it (a restart empties the script
/// cache, AOF or not). Errors from the scripts become exceptions that name the key involved.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly RedisStoreOptions _options;
    private readonly RedisKeys _keys;
    private readonly bool _ownsMultiplexer;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private IConnectionMultiplexer? _multiplexer;
    private IDatabase? _database;
    private ConnectionMultiplexer? _largeWritesMultiplexer;
    private IDatabase? _largeWrites;

    /// <summary>
    /// Writes of at least this many bytes of arguments go over a second connection of their own when the store owns its
    /// connections: a socket sends one command after another, so the server's own small, frequent traffic (fetches,
    /// completions, lease extensions, heartbeats) would otherwise wait until a large enqueue has been sent.
    /// </summary>
    public const long LargeWriteBytes = 1 << 20;

    public RedisConnection(RedisStoreOptions options, RedisKeys keys, IConnectionMultiplexer? multiplexer)
    {
        _options = options;
        _keys = keys;
        _multiplexer = multiplexer;
        _ownsMultiplexer = multiplexer is null;
        if (multiplexer is not null) _database = multiplexer.GetDatabase(options.Database);
    }

    /// <summary>The endpoints, for error messages.</summary>
    public string Endpoints => _multiplexer is { } m
        ? string.Join(", ", m.GetEndPoints().Select(e => e.ToString()))
        : _options.Configuration;

    /// <summary>The multiplexer, connecting first when the store owns it.</summary>
    public async Task<IConnectionMultiplexer> GetMultiplexerAsync()
    {
        await GetDatabaseAsync().ConfigureAwait(false);
        return _multiplexer!;
    }

    public ValueTask<IDatabase> GetDatabaseAsync() =>
        _database is { } database ? ValueTask.FromResult(database) : new ValueTask<IDatabase>(ConnectAsync());

    /// <summary>Connects and pings with a deadline, so an unreachable Redis fails fast with its address; loads the scripts.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var database = await GetDatabaseAsync().ConfigureAwait(false);
            await database.PingAsync().WaitAsync(_options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            await CheckEvictionAsync(database).WaitAsync(_options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            foreach (var endpoint in _multiplexer!.GetEndPoints())
            {
                var server = _multiplexer.GetServer(endpoint);
                if (!server.IsConnected || server.IsReplica) continue;
                foreach (var script in RedisScripts.All)
                    await server.ScriptLoadAsync(script.Text).WaitAsync(_options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is TimeoutException or RedisException)
        {
            throw Unreachable(ex);
        }
    }

    /// <summary>Runs a script in one round trip: EVALSHA, or EVAL (which also caches it) when Redis lost it.</summary>
    public async Task<RedisResult> EvaluateAsync(RedisScript script, RedisValue[] args)
    {
        var database = await GetDatabaseAsync().ConfigureAwait(false);
        return await EvaluateOnAsync(database, script, args).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="EvaluateAsync"/> for a script that carries jobs (creating them): when its arguments add up to
    /// <see cref="LargeWriteBytes"/> or more and the store owns its connections, it goes over the large writes' own
    /// connection (opened at the first). An application's multiplexer is used for everything, as given.
    /// </summary>
    public async Task<RedisResult> EvaluateWriteAsync(RedisScript script, RedisValue[] args)
    {
        var database = await GetDatabaseAsync().ConfigureAwait(false);
        if (_ownsMultiplexer && IsLarge(args)) database = _largeWrites ?? await ConnectLargeWritesAsync().ConfigureAwait(false);
        return await EvaluateOnAsync(database, script, args).ConfigureAwait(false);
    }

    private static bool IsLarge(RedisValue[] args)
    {
        long bytes = 0;
        foreach (var arg in args)
            if ((bytes += arg.Length()) >= LargeWriteBytes) return true;
        return false;
    }

    private async Task<RedisResult> EvaluateOnAsync(IDatabase database, RedisScript script, RedisValue[] args)
    {
        RedisKey[] keys = [_keys.Route];
        try
        {
            try
            {
                return await database.ScriptEvaluateAsync(script.Sha1, keys, args).ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                return await database.ScriptEvaluateAsync(script.Text, keys, args).ConfigureAwait(false);
            }
        }
        catch (RedisServerException ex)
        {
            throw RedisErrors.Translate(script.Name, _keys.Prefix, ex);
        }
    }

    // A Redis with a memory limit and an allkeys-* policy deletes keys of its choice when full: jobs would vanish without
    // a trace, so the store refuses to start on it unless told otherwise. noeviction (refuse writes when full) and the
    // volatile-* policies (evict keys with a TTL: only the store's hourly statistics have one) lose no job. INFO is run
    // from a script routed like the store's own, so it asks the primary that holds the store's keys (on Cluster too)
    // without admin rights; a Redis that refuses it to this user is not checked.
    private async Task CheckEvictionAsync(IDatabase database)
    {
        if (_options.AllowEviction) return;
        string info;
        try
        {
            info = (string)(await database.ScriptEvaluateAsync("return redis.call('INFO', 'memory')", [_keys.Route]).ConfigureAwait(false))!;
        }
        catch (RedisServerException)
        {
            return;
        }
        var memory = info.Split('\n').Select(line => line.Trim().Split(':', 2)).Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0]).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        var policy = memory.GetValueOrDefault("maxmemory_policy", "");
        if (memory.GetValueOrDefault("maxmemory", "0") != "0" && policy.StartsWith("allkeys-", StringComparison.Ordinal))
            throw new InvalidOperationException(
                $"Redis at {Endpoints} evicts any key when it reaches its memory limit (maxmemory-policy {policy}), which would delete jobs " +
                "without a trace. Set maxmemory-policy to noeviction (Redis then refuses writes when full, and Ember reports it), " +
                $"or set {nameof(RedisStoreOptions)}.{nameof(RedisStoreOptions.AllowEviction)} to start anyway (docs/redis.md, \"Memory\").");
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsMultiplexer && _multiplexer is not null) await _multiplexer.DisposeAsync().ConfigureAwait(false);
        if (_largeWritesMultiplexer is not null) await _largeWritesMultiplexer.DisposeAsync().ConfigureAwait(false);
        _connectLock.Dispose();
    }

    private async Task<IDatabase> ConnectAsync()
    {
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_database is not null) return _database;
            _multiplexer = await ConnectionMultiplexer.ConnectAsync(Configuration(clientNameSuffix: "")).ConfigureAwait(false);
            return _database = _multiplexer.GetDatabase(_options.Database);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<IDatabase> ConnectLargeWritesAsync()
    {
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_largeWrites is not null) return _largeWrites;
            _largeWritesMultiplexer = await ConnectionMultiplexer.ConnectAsync(Configuration(clientNameSuffix: "-large-writes")).ConfigureAwait(false);
            return _largeWrites = _largeWritesMultiplexer.GetDatabase(_options.Database);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private ConfigurationOptions Configuration(string clientNameSuffix)
    {
        var configuration = ConfigurationOptions.Parse(_options.Configuration);
        // Reconnect in the background after Redis restarts instead of failing for good; connect attempts time out
        // quickly so InitializeAsync can name an unreachable endpoint within ConnectTimeout.
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)_options.ConnectTimeout.TotalMilliseconds;
        configuration.ClientName = (configuration.ClientName ?? "ember") + clientNameSuffix;
        // Replies are read on the .NET thread pool rather than StackExchange.Redis's dedicated threads: one thread
        // hop less per round trip, which tripled awaited round trips here (7,500 -> 23,000/s) and made one-by-one
        // enqueue 40% faster. The dedicated threads guard applications that block pool threads waiting on Redis;
        // the store never does, and an application that wants them passes its own multiplexer.
        configuration.SocketManager = SocketManager.ThreadPool;
        return configuration;
    }

    private InvalidOperationException Unreachable(Exception ex) => new(
        $"Redis at {Endpoints} did not answer within {_options.ConnectTimeout.TotalSeconds:0.#} s ({ex.Message}). " +
        $"Check that Redis is running and reachable, and {nameof(RedisStoreOptions)}.{nameof(RedisStoreOptions.Configuration)} (host, port, password, ssl).",
        ex);
}
