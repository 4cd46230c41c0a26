namespace Ember;

/// <summary>
/// Creates the instances that run instance-method jobs, in a scope per job (Hangfire's <c>JobActivator</c>). The default
/// creates them with their parameterless constructor; with <c>AddEmber</c> they come from dependency injection. To use
/// your own, register it as a <see cref="JobActivator"/> service or set <see cref="ServerOptions.Activator"/>.
/// </summary>
public class JobActivator
{
    /// <summary>
    /// Creates an instance of <paramref name="jobType"/>. Hangfire's override point: an activator that only overrides
    /// this gets a scope that calls it and disposes what it created.
    /// </summary>
    public virtual object ActivateJob(Type jobType) =>
        Activator.CreateInstance(jobType) ?? throw new InvalidOperationException($"Could not create an instance of {jobType}.");

    /// <summary>Begins the scope of one job run; disposed when the run ends.</summary>
    public virtual JobActivatorScope BeginScope() => new ActivateJobScope(this);

    // Hangfire's default scope: what ActivateJob made is disposed with the scope.
    private sealed class ActivateJobScope(JobActivator activator) : JobActivatorScope
    {
        private readonly List<object> _created = [];

        public override object Resolve(Type type)
        {
            var instance = activator.ActivateJob(type);
            _created.Add(instance);
            return instance;
        }

        public override async ValueTask DisposeAsync()
        {
            foreach (var instance in _created)
            {
                if (instance is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                else (instance as IDisposable)?.Dispose();
            }
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
