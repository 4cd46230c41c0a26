using System.Collections.Concurrent;
using System.Reflection;
using Ember.Invocations;

namespace Ember.Dashboard.Rendering;

/// <summary>
/// The names of a stored call's parameters, read from the method itself when this process can load its type (the
/// invocation stores the parameter types, so the overload is exact). Null when it can't: a dashboard in an application
/// that doesn't reference the jobs' assembly, or a method renamed since; the page then numbers the arguments.
/// </summary>
internal static class ParameterNames
{
    private const BindingFlags AnyMethod = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy;

    // Bounded: keys come from stored data, and a store may hold calls of many methods (or forged ones).
    private const int MaxCached = 1024;
    private static readonly ConcurrentDictionary<string, string[]?> Cache = new(StringComparer.Ordinal);

    public static IReadOnlyList<string>? Of(Invocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var key = string.Join('\n', [invocation.Type, invocation.Method, .. invocation.ParameterTypes, "<>", .. invocation.GenericArguments]);
        if (Cache.TryGetValue(key, out var cached)) return cached;
        var names = Find(invocation);
        if (Cache.Count < MaxCached) Cache[key] = names;
        return names;
    }

    private static string[]? Find(Invocation invocation)
    {
        try
        {
            if (TypeNames.Resolve(invocation.Type) is not { } type) return null;
            var parameterTypes = new Type[invocation.ParameterTypes.Count];
            for (var i = 0; i < parameterTypes.Length; i++)
                if (TypeNames.Resolve(invocation.ParameterTypes[i]) is { } parameterType) parameterTypes[i] = parameterType;
                else return null;
            var candidates = type.IsInterface ? type.GetInterfaces().Prepend(type).SelectMany(t => t.GetMethods(AnyMethod)) : type.GetMethods(AnyMethod);
            foreach (var candidate in candidates)
            {
                if (candidate.Name != invocation.Method || candidate.GetGenericArguments().Length != invocation.GenericArguments.Count) continue;
                var parameters = candidate.GetParameters();
                // A generic method's parameters may be its type arguments: compare those by position only.
                if (parameters.Length == parameterTypes.Length
                    && parameters.Select((p, i) => p.ParameterType.ContainsGenericParameters || p.ParameterType == parameterTypes[i]).All(same => same))
                    return parameters.Select((p, i) => p.Name ?? "#" + i).ToArray();
            }
            return null;
        }
        catch (Exception ex) when (ex is TypeLoadException or FileLoadException or BadImageFormatException or ArgumentException or NotSupportedException)
        {
            return null; // a type that half-loads is no reason to fail the page
        }
    }
}
