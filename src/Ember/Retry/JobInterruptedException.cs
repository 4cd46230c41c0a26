namespace Ember.Retry;

/// <summary>
/// The error of a job whose runs kept being interrupted: its server stopped mid-run (a crash, kill -9, running out of
/// memory, or a lost lease) until the job's retries were spent. Ember records it in the job's history and doesn't run
/// the job again; it is never thrown at application code.
/// </summary>
public sealed class JobInterruptedException : Exception
{
    /// <summary>Creates the error with a message.</summary>
    public JobInterruptedException(string message) : base(message)
    {
    }

    /// <summary>Creates the error with a default message.</summary>
    public JobInterruptedException() : this("The job's run was interrupted when its server stopped.")
    {
    }

    /// <summary>Creates the error with a message and an inner exception.</summary>
    public JobInterruptedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
