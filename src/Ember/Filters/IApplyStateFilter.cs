namespace Ember;

/// <summary>Observes a state the store has applied: at creation and after each run.</summary>
public interface IApplyStateFilter : IJobFilter
{
    /// <summary>Called once the state is stored. An exception is logged; the job's state stays as stored.</summary>
    ValueTask OnStateAppliedAsync(ApplyStateContext context);
}
