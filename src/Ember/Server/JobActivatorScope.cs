namespace Ember;

/// <summary>The scope of one job run: resolves its target and disposes what it created.</summary>
public abstract class JobActivatorScope : IAsyncDisposable
{
    /// <summary>Returns an instance of <paramref name="type"/> to call the job's method on.</summary>
    public abstract object Resolve(Type type);

    /// <summary>Hangfire's synchronous disposal hook, called by <see cref="DisposeAsync"/>; does nothing by default.</summary>
    public virtual void DisposeScope()
    {
    }

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        DisposeScope();
        GC.SuppressFinalize(this);
        return default;
    }
}
