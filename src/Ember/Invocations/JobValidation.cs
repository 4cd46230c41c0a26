using System.Collections.Concurrent;
using System.Reflection;

namespace Ember;

// Rules a method must satisfy to be stored and called later; violations are caught at enqueue, never at run time.
internal static class JobValidation
{
    // Methods that passed, with their parameter count: every enqueue and every run validates its job, and the checks
    // read metadata (IsDefined, GetParameters) that allocates on each call. Only the argument count is checked again.
    private static readonly ConcurrentDictionary<(Type, MethodInfo), int> Passed = new();

    public static void Validate(Type type, MethodInfo method, IReadOnlyList<object?> arguments)
    {
        if (Passed.TryGetValue((type, method), out var parameterCount) && parameterCount == arguments.Count) return;
        ValidateUncached(type, method, arguments);
        Passed.TryAdd((type, method), arguments.Count);
    }

    private static void ValidateUncached(Type type, MethodInfo method, IReadOnlyList<object?> arguments)
    {
        var parameters = method.GetParameters();
        if (method.ContainsGenericParameters)
            throw new ArgumentException($"Method {Describe(type, method)} has open generic parameters; call it with concrete type arguments.", nameof(method));
        if (type.ContainsGenericParameters)
            throw new ArgumentException($"Type {type} is an open generic type; use a closed one such as {type.Name.Split('`')[0]}<int>.", nameof(type));
        if (!method.IsStatic && !method.DeclaringType!.IsAssignableFrom(type))
            throw new ArgumentException($"Method {method.Name} is declared on {method.DeclaringType}, which {type} does not derive from or implement.", nameof(method));
        if (parameters.Length != arguments.Count)
            throw new ArgumentException($"Method {Describe(type, method)} takes {parameters.Length} arguments, {arguments.Count} given.", nameof(arguments));
        foreach (var parameter in parameters)
        {
            if (parameter.ParameterType.IsByRef)
                throw new ArgumentException($"Parameter '{parameter.Name}' of {Describe(type, method)} is passed by reference (ref, out or in); background jobs can't return values through parameters. Pass it by value.", nameof(method));
            if (parameter.ParameterType.IsPointer)
                throw new ArgumentException($"Parameter '{parameter.Name}' of {Describe(type, method)} is a pointer; it can't be stored.", nameof(method));
        }
        if (method.ReturnType == typeof(void) && method.IsDefined(typeof(System.Runtime.CompilerServices.AsyncStateMachineAttribute), false))
            throw new ArgumentException($"{Describe(type, method)} is `async void`: it can't be awaited, so the job would be marked Succeeded before it ends, and its exceptions would crash the process. Make it return Task.", nameof(method));
        if (type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            throw new ArgumentException($"{type} is compiler-generated (a lambda or local function closure); move the job's code into a named method of a named class.", nameof(type));
    }

    public static string Describe(Type type, MethodInfo method) => $"{type.Name}.{method.Name}";
}
