namespace Ember;

/// <summary>
/// Marks a continuation's parameter that receives the results of all its parents, in the order the parents were given
/// (<c>ContinueJobWith(new[] { a, b, c }, ...)</c>): what each parent's method returned, read as the element type.
/// Declare it as <c>T[]</c>, <see cref="IReadOnlyList{T}"/>, <see cref="IList{T}"/>, <see cref="List{T}"/>,
/// <see cref="IEnumerable{T}"/> or a read-only or plain collection of <c>T</c>; pass any value at enqueue (e.g.
/// <c>null</c>). A parent that is a batch gives the results of its jobs, in the order they were created, then those of
/// its nested batches, each in turn. A parent that returned nothing (or failed, or was deleted, for a continuation that
/// runs then) gives <c>default(T)</c>. <see cref="FromResultAttribute"/> reads the first parent only.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromResultsAttribute : Attribute
{
    /// <summary>The element type of a parameter that can take the results (<c>T</c> of <c>T[]</c>, <c>IReadOnlyList&lt;T&gt;</c>, ...), or null.</summary>
    internal static Type? ElementTypeOf(Type type)
    {
        if (type.IsArray && type.GetArrayRank() == 1) return type.GetElementType();
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IEnumerable<>)
            || definition == typeof(IReadOnlyCollection<>) || definition == typeof(ICollection<>)
            ? type.GetGenericArguments()[0]
            : null;
    }
}
