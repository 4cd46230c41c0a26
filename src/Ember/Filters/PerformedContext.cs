using Ember.Storage;

namespace Ember;

/// <summary>A job whose method ran, or threw.</summary>
public sealed class PerformedContext
{
    internal PerformedContext(PerformingContext performing, Exception? exception, object? result)
    {
        Result = result;
        Performing = performing;
        Exception = exception;
    }

    /// <summary>The context the run started with (job, id, items, mutexes).</summary>
    public PerformingContext Performing { get; }

    /// <summary>The exception the method threw, if any.</summary>
    public Exception? Exception { get; }

    /// <summary>Set to true to treat the exception as handled: the run then succeeds.</summary>
    public bool ExceptionHandled { get; set; }

    /// <summary>What the job's method returned (the awaited value for <c>Task&lt;T&gt;</c>); null for none or when it threw.</summary>
    public object? Result { get; }
}
