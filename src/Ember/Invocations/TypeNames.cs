using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace Ember.Invocations;

/// <summary>
/// Type names as stored: assembly-qualified but without version, culture or public key token, so that a redeploy with
/// a new assembly version still loads jobs stored by the old one. E.g. <c>MyApp.Mailer, MyApp</c>.
/// </summary>
public static class TypeNames
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();
    private static readonly ConcurrentDictionary<string, Type> Types = new(StringComparer.Ordinal);

    /// <summary>The stored name of a type.</summary>
    public static string Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Names.GetOrAdd(type, static t => Format(t, qualify: true));
    }

    /// <summary>Loads a type by its stored name, or returns null when no loaded or loadable assembly has it.</summary>
    public static Type? Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Types.TryGetValue(name, out var cached)) return cached;
        Type? type;
        try
        {
            type = Type.GetType(name, static assembly => LoadIgnoringVersion(assembly), null, throwOnError: false);
        }
        catch (Exception ex) when (ex is ArgumentException or FileLoadException or BadImageFormatException)
        {
            type = null;
        }
        // Only hits are cached: an assembly loaded later (a plugin) must still resolve.
        if (type is not null) Types[name] = type;
        return type;
    }

    private static Assembly? LoadIgnoringVersion(AssemblyName name)
    {
        foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
            if (string.Equals(loaded.GetName().Name, name.Name, StringComparison.Ordinal)) return loaded;
        try
        {
            return Assembly.Load(new AssemblyName(name.Name!));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static string Format(Type type, bool qualify)
    {
        var builder = new StringBuilder();
        if (type.IsArray)
        {
            builder.Append(Format(type.GetElementType()!, qualify: false)).Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
        }
        else if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            builder.Append(definition.FullName).Append('[');
            builder.AppendJoin(",", type.GetGenericArguments().Select(a => "[" + Format(a, qualify: true) + "]"));
            builder.Append(']');
        }
        else
        {
            builder.Append(type.FullName ?? type.Name);
        }
        if (qualify) builder.Append(", ").Append(RootElementType(type).Assembly.GetName().Name);
        return builder.ToString();
    }

    private static Type RootElementType(Type type) => type.IsArray ? RootElementType(type.GetElementType()!) : type;
}
