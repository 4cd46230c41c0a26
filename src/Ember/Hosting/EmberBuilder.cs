using Ember.InMemory;
using Ember.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ember;

/// <summary>Configures Ember inside <c>services.AddEmber(ember => ...)</c>: the store, shared options and servers.</summary>
public sealed class EmberBuilder
{
    internal EmberBuilder(IServiceCollection services, IConfiguration? configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    /// <summary>The application's services, for store packages' extension methods.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// The configuration section given to <c>AddEmber(section, ...)</c> (e.g. <c>"Ember"</c>), or null. Store packages
    /// bind their options from its subsection (<c>"Sqlite"</c>, <c>"PostgreSql"</c>, <c>"Redis"</c>).
    /// </summary>
    public IConfiguration? Configuration { get; }

    /// <summary>
    /// Shared options: retries, expiration, default queue, serialization. Already bound from <see cref="Configuration"/>,
    /// so what code sets here wins; <c>services.Configure&lt;EmberOptions&gt;(...)</c> applies after both.
    /// </summary>
    public EmberOptions Options { get; } = new();

    /// <summary>Uses the store a factory builds, once, from the application's services. Store packages call this.</summary>
    public EmberBuilder UseStore(Func<IServiceProvider, IJobStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<IJobStore>();
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>
    /// Registers a store's options through the options pattern, for store packages: bound from the
    /// <paramref name="sectionName"/> subsection of <see cref="Configuration"/>, then <paramref name="configure"/> on top,
    /// then <c>services.Configure&lt;TOptions&gt;(...)</c>; checked by <paramref name="validate"/> at host start.
    /// Read them with <c>IOptions&lt;TOptions&gt;</c> in the store's factory.
    /// </summary>
    /// <typeparam name="TOptions">The store's options class.</typeparam>
    /// <param name="sectionName">The subsection, e.g. <c>"Sqlite"</c>.</param>
    /// <param name="configure">The application's code configuration, if any.</param>
    /// <param name="validate">The options class's validation, which throws naming the wrong option.</param>
    public OptionsBuilder<TOptions> AddStoreOptions<TOptions>(string sectionName, Action<TOptions>? configure, Action<TOptions> validate)
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrEmpty(sectionName);
        var options = Services.AddOptions<TOptions>();
        if (Configuration is not null) options.Bind(Configuration.GetSection(sectionName));
        if (configure is not null) options.Configure(configure);
        return options.ValidateWith(validate);
    }

    /// <summary>Keeps jobs in memory: for tests and development. Jobs are lost when the process ends.</summary>
    public EmberBuilder UseInMemory() => UseStore(sp => new InMemoryJobStore(sp.GetService<TimeProvider>()));

    /// <summary>
    /// Adds a server that processes jobs while the host runs. Call again for more servers (e.g. per queue set). Each
    /// server starts from the shared server options (the <c>"Server"</c> section of <see cref="Configuration"/>, then
    /// <c>services.Configure&lt;ServerOptions&gt;(...)</c>), and <paramref name="configure"/> applies on top; the result
    /// is validated when the host starts. Job targets come from <see cref="ServerOptions.Activator"/> when set, else
    /// from a <see cref="JobActivator"/> registered in the services (as Hangfire.AspNetCore does), else from the
    /// services in a scope per job.
    /// </summary>
    public EmberBuilder AddServer(Action<ServerOptions>? configure = null)
    {
        // Not AddHostedService: it de-duplicates by type, and an application may run several servers.
        Services.AddSingleton<IHostedService>(sp =>
        {
            var options = ServerOptionsFor(sp, configure);
            return new EmberServerHostedService(new EmberServer(
                sp.GetRequiredService<IJobStore>(), options, sp.GetRequiredService<EmberOptions>(),
                options.Activator ?? sp.GetService<JobActivator>() ?? new ServiceProviderJobActivator(sp.GetRequiredService<IServiceScopeFactory>()),
                sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()));
        });
        return this;
    }

    // The factory makes a fresh instance per server, so one server's delegate doesn't leak into another's.
    private static ServerOptions ServerOptionsFor(IServiceProvider services, Action<ServerOptions>? configure)
    {
        var options = services.GetRequiredService<IOptionsFactory<ServerOptions>>().Create(Microsoft.Extensions.Options.Options.DefaultName);
        configure?.Invoke(options);
        return options;
    }
}
