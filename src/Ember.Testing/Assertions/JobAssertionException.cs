namespace Ember.Testing;

/// <summary>
/// An assertion of <see cref="TestBackgroundJobClient"/> failed. The message says what was expected and lists the
/// jobs (or recurring jobs) that were there instead. Any test framework reports it as a failure.
/// </summary>
public sealed class JobAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobAssertionException() { }

    /// <summary>Creates the exception with a message.</summary>
    public JobAssertionException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public JobAssertionException(string message, Exception innerException) : base(message, innerException) { }
}
