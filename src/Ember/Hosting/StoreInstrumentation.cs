using Ember.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ember;

// Puts the registered store behind an InstrumentedJobStore. The store itself moves to a keyed registration made from
// the same descriptor, so the container still builds it, and disposes it when it built it, exactly as before.
internal static class StoreInstrumentation
{
    private const string InnerKey = "Ember.InstrumentedJobStore.Inner";

    public static void Apply(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IJobStore) && !d.IsKeyedService);
        if (services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, InnerKey) && d.ServiceType == typeof(IJobStore))
            && registered.ImplementationFactory == Decorate) return; // AddEmber called twice on one store
        services.Remove(registered);
        services.Add(registered switch
        {
            { ImplementationInstance: { } instance } => new ServiceDescriptor(typeof(IJobStore), InnerKey, instance),
            { ImplementationFactory: { } factory } => new ServiceDescriptor(typeof(IJobStore), InnerKey, (sp, _) => factory(sp), registered.Lifetime),
            _ => new ServiceDescriptor(typeof(IJobStore), InnerKey, registered.ImplementationType!, registered.Lifetime),
        });
        services.Add(new ServiceDescriptor(typeof(IJobStore), Decorate, registered.Lifetime));
    }

    private static readonly Func<IServiceProvider, object> Decorate =
        static services => new InstrumentedJobStore(services.GetRequiredKeyedService<IJobStore>(InnerKey));
}
