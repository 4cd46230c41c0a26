namespace Ember;

/// <summary>
/// A job filter: implement one or more of <see cref="IClientFilter"/>, <see cref="IServerFilter"/>,
/// <see cref="IElectStateFilter"/> and <see cref="IApplyStateFilter"/>. Register it globally in
/// <see cref="EmberOptions.Filters"/>, or derive from <see cref="JobFilterAttribute"/> and put it on a job class or
/// method. Filters run global first, then class, then method (each level by <see cref="JobFilterAttribute.Order"/>);
/// the "after" callbacks (<see cref="IClientFilter.OnCreatedAsync"/>, <see cref="IServerFilter.OnPerformedAsync"/>)
/// run in reverse.
/// </summary>
public interface IJobFilter;

/// <summary>Runs around job creation in the client.</summary>
public interface IClientFilter : IJobFilter
{
    /// <summary>Before the job is stored: may change its queue or schedule. Throw to refuse the job (nothing is stored).</summary>
    ValueTask OnCreatingAsync(CreatingContext context);

    /// <summary>After the job is stored, with its id.</summary>
    ValueTask OnCreatedAsync(CreatedContext context);
}

/// <summary>Runs around a job's method on the server.</summary>
public interface IServerFilter : IJobFilter
{
    /// <summary>Before the method runs: may reschedule or delete the job instead of running it. Throwing fails the run.</summary>
    ValueTask OnPerformingAsync(PerformingContext context);

    /// <summary>After the method ran (or threw): may mark its exception handled, making the run a success.</summary>
    ValueTask OnPerformedAsync(PerformedContext context);
}

/// <summary>Chooses the state a job moves to: at creation and after each run (after the retry policy).</summary>
public interface IElectStateFilter : IJobFilter
{
    /// <summary>May replace <see cref="ElectStateContext.CandidateState"/>. Throwing fails the job with that exception.</summary>
    ValueTask OnStateElectionAsync(ElectStateContext context);
}

/// <summary>Observes a state the store has applied: at creation and after each run.</summary>
public interface IApplyStateFilter : IJobFilter
{
    /// <summary>Called once the state is stored. An exception is logged; the job's state stays as stored.</summary>
    ValueTask OnStateAppliedAsync(ApplyStateContext context);
}

/// <summary>Base of filter attributes: put a derived attribute on a job class or method.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Interface, AllowMultiple = true, Inherited = true)]
public abstract class JobFilterAttribute : Attribute, IJobFilter
{
    /// <summary>Order among the filters of the same level (class or method); lower runs first. Default 0.</summary>
    public int Order { get; set; }
}
