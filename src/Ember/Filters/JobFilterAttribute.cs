namespace Ember;

/// <summary>Base of filter attributes: put a derived attribute on a job class or method.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Interface, AllowMultiple = true, Inherited = true)]
public abstract class JobFilterAttribute : Attribute, IJobFilter
{
    /// <summary>Order among the filters of the same level (class or method); lower runs first. Default 0.</summary>
    public int Order { get; set; }
}
