using Ember;
using Ember.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new EmberBuilder(services);
        // The startup service goes first so that the store is initialized before any server starts.
        services.AddSingleton<IHostedService, EmberStartup>();
        services.AddSingleton<IHostedService>(sp => new StoreGauges(sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<TimeProvider>()));
        configure(builder);
        if (!services.Any(d => d.ServiceType == typeof(IJobStore)))
            throw new InvalidOperationException("AddEmber needs a store: call ember.UseSqlite(\"Data Source=ember.db\"), ember.UseInMemory() or another store's Use method.");
        StoreInstrumentation.Apply(services);
        builder.Options.Validate();
        services.AddSingleton(builder.Options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(
            sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<EmberOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<BackgroundJobClient>>()));
        services.TryAddSingleton<IRecurringJobManager>(sp => new RecurringJobManager(
            sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<EmberOptions>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
