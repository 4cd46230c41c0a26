using Ember.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ember;

/// <summary>Registers the Redis store in <c>services.AddEmber(ember => ember.UseRedis(...))</c>.</summary>
public static class RedisEmberBuilderExtensions
{
    private const string Section = "Redis";

    /// <summary>
    /// Stores jobs in Redis, connecting with a StackExchange.Redis configuration string. The options are validated
    /// and the store connects when the host starts. The store reads time from the application's
    /// <see cref="TimeProvider"/> service when there is one.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="configuration">The configuration string, e.g. <c>"localhost:6379"</c>.</param>
    /// <param name="configure">Sets the other <see cref="RedisStoreOptions"/>, if any.</param>
    /// <exception cref="InvalidOperationException">The configuration string is empty.</exception>
    public static EmberBuilder UseRedis(this EmberBuilder ember, string configuration, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        if (string.IsNullOrWhiteSpace(configuration))
            throw new InvalidOperationException(
                $"UseRedis needs a configuration string ({nameof(RedisStoreOptions)}.{nameof(RedisStoreOptions.Configuration)}), such as \"localhost:6379\"; or call UseRedis() to read it from configuration.");
        return ember.UseRedis(options =>
        {
            options.Configuration = configuration;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Stores jobs in Redis, connecting by itself, with <see cref="RedisStoreOptions"/> bound from the <c>"Redis"</c>
    /// section of <c>AddEmber</c>'s configuration and then <paramref name="configure"/>. The configuration string is
    /// <see cref="RedisStoreOptions.Configuration"/>, or the one <see cref="RedisStoreOptions.ConnectionStringName"/> names
    /// under <c>ConnectionStrings:</c> (the .NET Aspire convention): <c>UseRedis(o => o.ConnectionStringName = "cache")</c>.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="configure">Sets <see cref="RedisStoreOptions"/> on top of the configuration, if any.</param>
    public static EmberBuilder UseRedis(this EmberBuilder ember, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        ember.AddStoreOptions(Section, configure, options => options.Validate())
            .PostConfigure<IServiceProvider>((options, services) =>
            {
                if (string.IsNullOrWhiteSpace(options.Configuration) && options.ConnectionStringName is { } name)
                    options.Configuration = services.GetService<IConfiguration>()?.GetConnectionString(name) ?? string.Empty;
            });
        return ember.UseStore(services => new RedisJobStore(services.GetRequiredService<IOptions<RedisStoreOptions>>().Value, services.GetService<TimeProvider>()));
    }

    /// <summary>
    /// Stores jobs in Redis through the application's multiplexer, which the store uses but never disposes. Create it
    /// with <c>abortConnect=false</c> so that it reconnects after Redis restarts.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="multiplexer">The connection to use.</param>
    /// <param name="configure">Sets the other <see cref="RedisStoreOptions"/>, if any (<see cref="RedisStoreOptions.Configuration"/> is ignored).</param>
    public static EmberBuilder UseRedis(this EmberBuilder ember, IConnectionMultiplexer multiplexer, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        return ember.UseRedis(_ => multiplexer, configure);
    }

    /// <summary>
    /// Stores jobs in Redis through a multiplexer from the application's services, resolved when the store is first
    /// needed: <c>UseRedis(sp => sp.GetRequiredService&lt;IConnectionMultiplexer&gt;())</c>, e.g. the one .NET Aspire's
    /// <c>AddRedisClient</c> registers. Ember never disposes it. The other options bind from the <c>"Redis"</c> section
    /// of <c>AddEmber</c>'s configuration.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="multiplexer">Returns the multiplexer.</param>
    /// <param name="configure">Sets the other <see cref="RedisStoreOptions"/>, if any (<see cref="RedisStoreOptions.Configuration"/> is ignored).</param>
    public static EmberBuilder UseRedis(this EmberBuilder ember, Func<IServiceProvider, IConnectionMultiplexer> multiplexer, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        ArgumentNullException.ThrowIfNull(multiplexer);
        ember.AddStoreOptions(Section, configure, options => options.Validate(requireConfiguration: false));
        return ember.UseStore(services => new RedisJobStore(
            multiplexer(services) ?? throw new InvalidOperationException("The multiplexer function given to UseRedis returned null."),
            services.GetRequiredService<IOptions<RedisStoreOptions>>().Value, services.GetService<TimeProvider>()));
    }
}
