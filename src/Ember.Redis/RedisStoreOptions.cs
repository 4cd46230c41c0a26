using Ember.Storage;

namespace Ember.Redis;

/// <summary>Configures <see cref="RedisJobStore"/>. Checked by <see cref="Validate"/> when the store is registered.</summary>
public sealed class RedisStoreOptions
{
    /// <summary>
    /// The StackExchange.Redis configuration string, for example <c>"localhost:6379"</c> or
    /// <c>"redis1:6379,redis2:6379,password=..."</c>. Required when the store connects by itself; ignored when it is
    /// given a connected <c>IConnectionMultiplexer</c>. No default. The store sets <c>abortConnect=false</c> (so it
    /// reconnects after Redis restarts) and <see cref="ConnectTimeout"/>, whatever the string says.
    /// </summary>
    public string Configuration { get; set; } = string.Empty;

    /// <summary>
    /// The name of a connection string in the application's configuration (<c>ConnectionStrings:NAME</c>, the .NET Aspire
    /// convention) to use as <see cref="Configuration"/> when that is not set. Default null.
    /// </summary>
    public string? ConnectionStringName { get; set; }

    /// <summary>
    /// What every key of this store starts with. Default <c>"ember:"</c>. The store only reads and writes keys under it
    /// (see docs/redis.md), and all its keys share one Redis Cluster hash tag made from it: one store lives in one slot.
    /// Give each store its own prefix (several stores, or a Redis database shared with other applications). Must not
    /// contain <c>{</c>, <c>}</c> or whitespace, and must name something besides colons.
    /// </summary>
    public string KeyPrefix { get; set; } = "ember:";

    /// <summary>
    /// How long <see cref="RedisJobStore.InitializeAsync"/> waits for Redis to answer before failing with an error that
    /// names the endpoint. Also the connect timeout of each connection attempt. Default 5 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The Redis database number. Default -1: the configuration's default database (0 unless it says otherwise).
    /// Redis Cluster has only database 0.
    /// </summary>
    public int Database { get; set; } = -1;

    /// <summary>
    /// Start even on a Redis that evicts any key when it reaches its memory limit (<c>maxmemory</c> with an
    /// <c>allkeys-*</c> policy), where a full Redis deletes jobs without a trace. Off by default: the store then refuses
    /// to start on such a Redis and says how to fix it. See docs/redis.md, "Memory".
    /// </summary>
    public bool AllowEviction { get; set; }

    /// <summary>
    /// The largest job invocation (method and arguments, as stored) this store accepts, in bytes of UTF-8; a larger one
    /// is refused at enqueue with an error naming this option. Default 4 MiB.
    /// </summary>
    public int MaxInvocationBytes { get; set; } = NewJobRules.DefaultMaxInvocationBytes;

    /// <summary>Throws when an option is missing or invalid, naming the option and how to fix it.</summary>
    /// <param name="requireConfiguration">Whether <see cref="Configuration"/> must be set (the store connects by itself).</param>
    /// <exception cref="InvalidOperationException">An option is missing or out of range.</exception>
    public void Validate(bool requireConfiguration = true)
    {
        if (MaxInvocationBytes < 1024)
            throw new InvalidOperationException($"{nameof(RedisStoreOptions)}.{nameof(MaxInvocationBytes)} must be at least 1024 bytes (was {MaxInvocationBytes}).");
        if (requireConfiguration && string.IsNullOrWhiteSpace(Configuration) && ConnectionStringName is not null)
            throw new InvalidOperationException(
                $"{nameof(RedisStoreOptions)}.{nameof(ConnectionStringName)} is \"{ConnectionStringName}\", but the configuration has no connection string ConnectionStrings:{ConnectionStringName}. " +
                $"Add one (e.g. in appsettings.json: \"ConnectionStrings\": {{ \"{ConnectionStringName}\": \"localhost:6379\" }}) or set {nameof(Configuration)}.");
        if (requireConfiguration && string.IsNullOrWhiteSpace(Configuration))
            throw new InvalidOperationException(
                $"{nameof(RedisStoreOptions)}.{nameof(Configuration)} is not set. Set it to a StackExchange.Redis configuration string such as \"localhost:6379\".");
        if (requireConfiguration)
        {
            try
            {
                _ = StackExchange.Redis.ConfigurationOptions.Parse(Configuration);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException(
                    $"{nameof(RedisStoreOptions)}.{nameof(Configuration)} is not a valid StackExchange.Redis configuration string: {ex.Message} Use the form \"host:6379,password=...\".", ex);
            }
        }
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.Trim(':').Length == 0)
            throw new InvalidOperationException(
                $"{nameof(RedisStoreOptions)}.{nameof(KeyPrefix)} is \"{KeyPrefix}\"; it must name something, such as the default \"ember:\" or \"myapp:ember:\".");
        if (KeyPrefix.IndexOfAny(['{', '}']) >= 0 || KeyPrefix.Any(char.IsWhiteSpace))
            throw new InvalidOperationException(
                $"{nameof(RedisStoreOptions)}.{nameof(KeyPrefix)} is \"{KeyPrefix}\"; it must not contain '{{', '}}' or whitespace, because the store builds its Redis Cluster hash tag from it. Use letters, digits, '-', '_', '.' and ':'.");
        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > TimeSpan.FromMilliseconds(int.MaxValue))
            throw new InvalidOperationException(
                $"{nameof(RedisStoreOptions)}.{nameof(ConnectTimeout)} is {ConnectTimeout}; it must be more than zero. The default is 5 seconds.");
        if (Database < -1)
            throw new InvalidOperationException(
                $"{nameof(RedisStoreOptions)}.{nameof(Database)} is {Database}; use -1 (the configuration's default) or a database number from 0.");
    }
}
