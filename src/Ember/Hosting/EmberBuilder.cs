using Ember.InMemory;
using Ember.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ember;

/// <summary>Configures Ember inside <c>services.AddEmber(ember => ...)</c>: the store, shared options and servers.</summary>
public sealed class EmberBuilder
{
    internal EmberBuilder(IServiceCollection services) => Services = services;

    /// <summary>The application's services, for store packages' extension methods.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Shared options: retries, expiration, default queue, serialization.</summary>
    public EmberOptions Options { get; } = new();

    /// <summary>Uses the store a factory builds, once, from the application's services. Store packages call this.</summary>
    public EmberBuilder UseStore(Func<IServiceProvider, IJobStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<IJobStore>();
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>Keeps jobs in memory: for tests and development. Jobs are lost when the process ends.</summary>
    public EmberBuilder UseInMemory() => UseStore(sp => new InMemoryJobStore(sp.GetService<TimeProvider>()));

    /// <summary>
    /// Adds a server that processes jobs while the host runs. Call again for more servers (e.g. per queue set). Job
    /// targets come from <see cref="ServerOptions.Activator"/> when set, else from a <see cref="JobActivator"/>
    /// registered in the services (as Hangfire.AspNetCore does), else from the services in a scope per job.
    /// </summary>
    public EmberBuilder AddServer(Action<ServerOptions>? configure = null)
    {
        var options = new ServerOptions();
        configure?.Invoke(options);
        // Not AddHostedService: it de-duplicates by type, and an application may run several servers.
        Services.AddSingleton<IHostedService>(sp => new EmberServerHostedService(new EmberServer(
            sp.GetRequiredService<IJobStore>(), options, sp.GetRequiredService<EmberOptions>(),
            options.Activator ?? sp.GetService<JobActivator>() ?? new ServiceProviderJobActivator(sp.GetRequiredService<IServiceScopeFactory>()),
            sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>())));
        return this;
    }
}
