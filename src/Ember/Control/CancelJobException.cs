namespace Ember;

/// <summary>
/// Thrown from a running job (or through <see cref="Server.PerformContext.Cancel"/>): the job ends Deleted with the
/// reason, without a retry (River's <c>JobCancel</c>), e.g. when the work it was for no longer exists. Continuations
/// are released as for any deletion. The history records it as <see cref="Storage.HistoryKind.CancelledByJob"/>.
/// </summary>
public sealed class CancelJobException : Exception
{
    /// <summary>Cancels the job for <paramref name="reason"/>.</summary>
    public CancelJobException(string reason) : base(reason) { }

    /// <summary>Cancels the job for a reason, keeping the error that led to it (its message goes to the history).</summary>
    public CancelJobException(string reason, Exception innerException) : base(reason, innerException) { }

    /// <summary>Cancels the job without a reason.</summary>
    public CancelJobException() : base("Cancelled by the job") { }
}
