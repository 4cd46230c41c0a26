using Microsoft.Extensions.DependencyInjection;

namespace Ember;

/// <summary>
/// Resolves job targets from dependency injection, in an async scope per job. A class that isn't registered is still
/// created, with its constructor's parameters resolved from the scope (as Hangfire does).
/// </summary>
public sealed class ServiceProviderJobActivator(IServiceScopeFactory scopeFactory) : JobActivator
{
    /// <inheritdoc />
    public override JobActivatorScope BeginScope() => new Scope(scopeFactory.CreateAsyncScope());

    private sealed class Scope(AsyncServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        public override async ValueTask DisposeAsync()
        {
            await scope.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
