namespace Ember;

/// <summary>
/// Creates the instances that run instance-method jobs, in a scope per job. The default creates them with their
/// parameterless constructor; with <c>AddEmber</c> they come from dependency injection.
/// </summary>
public class JobActivator
{
    /// <summary>Begins the scope of one job run; disposed when the run ends.</summary>
    public virtual JobActivatorScope BeginScope() => new ReflectionScope();

    private sealed class ReflectionScope : JobActivatorScope
    {
        private readonly List<object> _created = [];

        public override object Resolve(Type type)
        {
            var instance = Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"Could not create an instance of {type}.");
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
