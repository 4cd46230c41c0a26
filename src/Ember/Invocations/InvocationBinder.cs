using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace Ember.Invocations;

/// <summary>Turns a stored invocation back into a <see cref="Job"/>: loads the type, finds the method, reads the arguments.</summary>
internal sealed class InvocationBinder(JsonSerializerOptions options)
{
    private const BindingFlags AnyMethod = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy;
    private readonly ConcurrentDictionary<(string Type, string Method, string Signature), (Type Type, MethodInfo Method)> _methods = new();

    /// <exception cref="JobLoadException">With the reason the job can't be loaded.</exception>
    public Job Bind(string storedInvocation) => Bind(Invocation.Parse(storedInvocation));

    /// <exception cref="JobLoadException">With the reason the job can't be loaded.</exception>
    public Job Bind(Invocation invocation)
    {
        var (type, method) = FindMethod(invocation);
        var parameters = method.GetParameters();
        if (invocation.Arguments.Count != parameters.Length)
            throw new JobLoadException($"{type.Name}.{method.Name} takes {parameters.Length} arguments but {invocation.Arguments.Count} are stored.");
        var arguments = new object?[parameters.Length];
        var runTime = RunTimeArguments.Of(method);
        for (var i = 0; i < parameters.Length; i++)
        {
            if (runTime[i] != RunTimeArgument.None) continue;
            try
            {
                arguments[i] = invocation.Arguments[i].Deserialize(parameters[i].ParameterType, options);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                throw new JobLoadException($"Argument '{parameters[i].Name}' of {type.Name}.{method.Name} can't be read as {parameters[i].ParameterType.Name} from {Truncate(invocation.Arguments[i].GetRawText())}: {ex.Message}", ex);
            }
        }
        return new Job(type, method, arguments);
    }

    /// <exception cref="JobLoadException">When the type or the method can't be found.</exception>
    public (Type Type, MethodInfo Method) FindMethod(Invocation invocation)
    {
        var key = (invocation.Type, invocation.Method, string.Join('|', invocation.ParameterTypes.Concat(invocation.GenericArguments)));
        if (_methods.TryGetValue(key, out var found)) return found;

        var type = TypeNames.Resolve(invocation.Type)
            ?? throw new JobLoadException($"Type '{invocation.Type}' could not be loaded: it was renamed, moved or removed since the job was enqueued, or its assembly is not deployed on this server.");
        var parameterTypes = invocation.ParameterTypes.Select(name => TypeNames.Resolve(name)
            ?? throw new JobLoadException($"Parameter type '{name}' of {type.Name}.{invocation.Method} could not be loaded.")).ToArray();
        var genericArguments = invocation.GenericArguments.Select(name => TypeNames.Resolve(name)
            ?? throw new JobLoadException($"Generic argument type '{name}' of {type.Name}.{invocation.Method} could not be loaded.")).ToArray();

        var method = FindOverload(type, invocation.Method, parameterTypes, genericArguments)
            ?? throw new JobLoadException($"Method {type.Name}.{invocation.Method}({string.Join(", ", parameterTypes.Select(t => t.Name))}) no longer exists: it was renamed, removed or its parameters changed since the job was enqueued.");
        return _methods[key] = (type, method);
    }

    private static MethodInfo? FindOverload(Type type, string name, Type[] parameterTypes, Type[] genericArguments)
    {
        var candidates = type.IsInterface ? type.GetInterfaces().Prepend(type).SelectMany(t => t.GetMethods(AnyMethod)) : type.GetMethods(AnyMethod);
        foreach (var candidate in candidates)
        {
            if (candidate.Name != name || candidate.GetGenericArguments().Length != genericArguments.Length) continue;
            MethodInfo method;
            try
            {
                method = candidate.IsGenericMethodDefinition ? candidate.MakeGenericMethod(genericArguments) : candidate;
            }
            catch (ArgumentException)
            {
                continue; // the stored type arguments no longer satisfy the method's constraints
            }
            if (method.GetParameters().Select(p => p.ParameterType).SequenceEqual(parameterTypes)) return method;
        }
        return null;
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
