namespace Ember;

/// <summary>
/// A stored job can't be turned back into a call: its type or method no longer exists, or its arguments don't
/// deserialize. The job fails with this reason; retrying would not help, so it is not retried.
/// </summary>
public sealed class JobLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobLoadException() { }

    /// <summary>Creates the exception with a message.</summary>
    public JobLoadException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public JobLoadException(string message, Exception innerException) : base(message, innerException) { }
}
