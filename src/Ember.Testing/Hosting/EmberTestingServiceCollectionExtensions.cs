using Ember;
using Ember.Storage;
using Ember.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Ember's testing kit in an application's services.</summary>
public static class EmberTestingServiceCollectionExtensions
{
    /// <summary>
    /// Replaces Ember's client, recurring job manager and store with one <see cref="TestBackgroundJobClient"/> (also
    /// registered as itself), so that code resolving <see cref="IBackgroundJobClient"/> or
    /// <see cref="IRecurringJobManager"/> records its jobs there, and removes the servers <c>AddEmber</c> added: no job
    /// runs until the test calls <c>RunPending</c>. Jobs then run in a scope of these services. Call it after
    /// <c>AddEmber</c> (in <c>WebApplicationFactory</c>, from <c>ConfigureTestServices</c>); it works without
    /// <c>AddEmber</c> too. Options left null come from the services: their <see cref="TimeProvider"/>,
    /// <see cref="EmberOptions"/> and logger factory.
    /// </summary>
    /// <example><code>
    /// services.AddEmberTesting(testing => testing.TimeProvider = clock);
    /// var jobs = provider.GetRequiredService&lt;TestBackgroundJobClient&gt;();
    /// </code></example>
    public static IServiceCollection AddEmberTesting(this IServiceCollection services, Action<EmberTestingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new EmberTestingOptions();
        configure?.Invoke(options);
        options.Validate();

        foreach (var server in services.Where(IsEmberServer).ToArray()) services.Remove(server);
        services.RemoveAll<TestBackgroundJobClient>();
        services.RemoveAll<IBackgroundJobClient>();
        services.RemoveAll<IRecurringJobManager>();
        services.RemoveAll<IJobStore>();
        services.AddSingleton(sp => new TestBackgroundJobClient(Resolved(options, sp)));
        services.AddSingleton<IBackgroundJobClient>(sp => sp.GetRequiredService<TestBackgroundJobClient>());
        services.AddSingleton<IRecurringJobManager>(sp => sp.GetRequiredService<TestBackgroundJobClient>());
        services.AddSingleton(sp => sp.GetRequiredService<TestBackgroundJobClient>().Store);
        return services;
    }

    // The test's options win; the application's services fill the rest when the client is first resolved.
    private static EmberTestingOptions Resolved(EmberTestingOptions options, IServiceProvider services) => new()
    {
        Mode = options.Mode,
        TimeProvider = options.TimeProvider,
        EmberOptions = options.EmberOptions,
        Services = options.Services ?? services,
        Activator = options.Activator,
        RethrowJobExceptions = options.RethrowJobExceptions,
        FireDueRecurringJobs = options.FireDueRecurringJobs,
        MaxRunsPerCall = options.MaxRunsPerCall,
        LoggerFactory = options.LoggerFactory,
    };

    // AddServer registers each server as an IHostedService built by a factory of EmberBuilder's (not by type: an
    // application may run several), so the factory's declaring type is what tells a server apart. A test
    // (AddEmberTestingTests) fails if AddServer ever registers them some other way.
    private static bool IsEmberServer(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IHostedService) && !descriptor.IsKeyedService
        && (descriptor.ImplementationType == typeof(EmberServerHostedService)
            || (descriptor.ImplementationFactory?.Method.DeclaringType is { } declaring
                && (IsWithin(declaring, typeof(EmberBuilder)) || IsWithin(declaring, typeof(EmberServerHostedService)))));

    private static bool IsWithin(Type type, Type outer)
    {
        for (Type? t = type; t is not null; t = t.DeclaringType)
            if (t == outer) return true;
        return false;
    }
}
