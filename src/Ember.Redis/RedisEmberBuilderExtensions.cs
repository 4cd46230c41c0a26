using Ember.Redis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Ember;

/// <summary>Registers the Redis store in <c>services.AddEmber(ember => ember.UseRedis(...))</c>.</summary>
public static class RedisEmberBuilderExtensions
{
    /// <summary>
    /// Stores jobs in Redis, connecting with a StackExchange.Redis configuration string. The options are validated
    /// here, so a wrong option fails at registration; the store connects and checks Redis answers when the host starts.
    /// The store reads time from the application's <see cref="TimeProvider"/> service when there is one.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="configuration">The configuration string, e.g. <c>"localhost:6379"</c>.</param>
    /// <param name="configure">Sets the other <see cref="RedisStoreOptions"/>, if any.</param>
    /// <exception cref="InvalidOperationException">An option is missing or invalid.</exception>
    public static EmberBuilder UseRedis(this EmberBuilder ember, string configuration, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        var options = new RedisStoreOptions { Configuration = configuration };
        configure?.Invoke(options);
        options.Validate();
        return ember.UseStore(services => new RedisJobStore(options, services.GetService<TimeProvider>()));
    }

    /// <summary>
    /// Stores jobs in Redis through the application's multiplexer, which the store uses but never disposes. Create it
    /// with <c>abortConnect=false</c> so that it reconnects after Redis restarts.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="multiplexer">The connection to use.</param>
    /// <param name="configure">Sets the other <see cref="RedisStoreOptions"/>, if any (<see cref="RedisStoreOptions.Configuration"/> is ignored).</param>
    /// <exception cref="InvalidOperationException">An option is invalid.</exception>
    public static EmberBuilder UseRedis(this EmberBuilder ember, IConnectionMultiplexer multiplexer, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        ArgumentNullException.ThrowIfNull(multiplexer);
        var options = new RedisStoreOptions();
        configure?.Invoke(options);
        options.Validate(requireConfiguration: false);
        return ember.UseStore(services => new RedisJobStore(multiplexer, options, services.GetService<TimeProvider>()));
    }
}
