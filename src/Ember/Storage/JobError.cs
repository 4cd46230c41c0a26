namespace Ember.Storage;

/// <summary>The exception of a failed run, as stored.</summary>
/// <param name="Type">The exception's full type name.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="Details">The whole exception text: stack trace and inner exceptions.</param>
public sealed record JobError(string Type, string Message, string Details)
{
    /// <summary>Captures an exception.</summary>
    public static JobError From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, exception.ToString());
    }
}
