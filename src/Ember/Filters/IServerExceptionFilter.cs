namespace Ember;

/// <summary>
/// Sees an exception that a job's method or a server filter threw (Hangfire's <c>IServerExceptionFilter</c>), after
/// the server filters' <see cref="IServerFilter.OnPerformedAsync"/> left it unhandled, and before the retry policy
/// and the elect-state filters decide the outcome. Runs in reverse order, as the "after" callbacks do. Not called for
/// a run that is cancelled because its server shuts down or lost the job's lease: that run has no outcome to change.
/// </summary>
public interface IServerExceptionFilter : IJobFilter
{
    /// <summary>May mark the exception handled (<see cref="ServerExceptionContext.ExceptionHandled"/>): the run then succeeds with no result.</summary>
    ValueTask OnServerExceptionAsync(ServerExceptionContext context);
}
