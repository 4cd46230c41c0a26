namespace Ember;

/// <summary>Runs around a job's method on the server.</summary>
public interface IServerFilter : IJobFilter
{
    /// <summary>Before the method runs: may reschedule or delete the job instead of running it. Throwing fails the run.</summary>
    ValueTask OnPerformingAsync(PerformingContext context);

    /// <summary>After the method ran (or threw): may mark its exception handled, making the run a success.</summary>
    ValueTask OnPerformedAsync(PerformedContext context);
}
