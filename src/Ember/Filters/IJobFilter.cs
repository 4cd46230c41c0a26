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
