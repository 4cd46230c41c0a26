namespace Ember;

/// <summary>
/// Marks a continuation's parameter that receives its parent's result: what the parent's method returned, read as the
/// parameter's type. Pass any value at enqueue (e.g. <c>default</c>); it is replaced when the continuation runs. A
/// parent that returned nothing gives the type's default.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromResultAttribute : Attribute;
