namespace Ember;

/// <summary>A run that threw: what an <see cref="IServerExceptionFilter"/> sees.</summary>
public sealed class ServerExceptionContext
{
    internal ServerExceptionContext(PerformingContext performing, Exception exception)
    {
        Performing = performing;
        Exception = exception;
    }

    /// <summary>The context the run started with (job, id, attempt, items).</summary>
    public PerformingContext Performing { get; }

    /// <summary>What the job's method or a server filter threw.</summary>
    public Exception Exception { get; }

    /// <summary>Set to true to treat the exception as handled: the run then succeeds, with no result.</summary>
    public bool ExceptionHandled { get; set; }
}
