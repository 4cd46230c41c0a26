using Ember;
using Ember.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Ember in an application's services.</summary>
public static class EmberServiceCollectionExtensions
{
    /// <summary>
    /// Registers the job client (<see cref="IBackgroundJobClient"/>), the store and the servers configured in
    /// <paramref name="configure"/>. The store is initialized (schema created or migrated) when the host starts. The
    /// registered <see cref="IJobStore"/> is the store behind an <see cref="InstrumentedJobStore"/>: reach the store
    /// itself or its capabilities with <see cref="IJobStore.GetCapability{T}"/>.
    /// </summary>
    /// <example><code>
    /// builder.Services.AddEmber(ember => ember
    ///     .UseSqlite("Data Source=ember.db")
    ///     .AddServer(server => server.Queues = ["critical", "default"]));
    /// </code></example>
    public static IServiceCollection AddEmber(this IServiceCollection services, Action<EmberBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddEmber(null, configure);
    }

    /// <summary>
    /// Registers Ember as <see cref="AddEmber(IServiceCollection, Action{EmberBuilder})"/> does, with its options bound
    /// from a configuration section first: <see cref="EmberOptions"/> from the section itself, the shared
    /// <see cref="ServerOptions"/> from its <c>"Server"</c> subsection, and each store's options from its own
    /// (<c>"Sqlite"</c>, <c>"PostgreSql"</c>, <c>"Redis"</c>). What <paramref name="configure"/> sets applies on top, and
    /// everything is validated when the host starts, with errors that name the option.
    /// </summary>
    /// <example><code>
    /// builder.Services.AddEmber(builder.Configuration.GetSection("Ember"), ember => ember
    ///     .UseSqlite()                      // connection string from "Ember:Sqlite:ConnectionString"
    ///     .AddServer());                    // worker count, queues... from "Ember:Server"
    /// </code></example>
    /// <param name="services">The application's services.</param>
    /// <param name="section">The configuration section, e.g. <c>builder.Configuration.GetSection("Ember")</c>; null for none.</param>
    /// <param name="configure">Chooses the store and adds servers; may change options further.</param>
    public static IServiceCollection AddEmber(this IServiceCollection services, IConfiguration? section, Action<EmberBuilder>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new EmberBuilder(services, section);
        section?.Bind(builder.Options);
        services.AddOptions<ServerOptions>();
        if (section is not null) services.AddOptions<ServerOptions>().BindServerOptions(section.GetSection("Server"));
        // The startup service goes first so that the store is initialized before any server starts.
        services.AddSingleton<IHostedService, EmberStartup>();
        services.AddSingleton<IHostedService>(sp => new StoreGauges(sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<TimeProvider>()));
        StaticFacadeServices.ListenForHosts();
        configure?.Invoke(builder);
        if (!services.Any(d => d.ServiceType == typeof(IJobStore)))
            throw new InvalidOperationException("AddEmber needs a store: call ember.UseSqlite(\"Data Source=ember.db\"), ember.UseInMemory() or another store's Use method.");
        StoreInstrumentation.Apply(services);
        services.AddOptions<EmberOptions>().ValidateWith(options => options.Validate());
        services.AddSingleton<IOptionsFactory<EmberOptions>>(sp => new SeededOptionsFactory<EmberOptions>(builder.Options,
            sp.GetServices<IConfigureOptions<EmberOptions>>(), sp.GetServices<IPostConfigureOptions<EmberOptions>>(), sp.GetServices<IValidateOptions<EmberOptions>>()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EmberOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(
            sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<EmberOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<BackgroundJobClient>>()));
        services.TryAddSingleton<IBatchJobClient>(sp => new BatchJobClient(
            sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<EmberOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<BackgroundJobClient>>()));
        services.TryAddSingleton<IRecurringJobManager>(sp => new RecurringJobManager(
            sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<EmberOptions>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
