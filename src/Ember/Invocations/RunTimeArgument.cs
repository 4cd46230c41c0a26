using System.Collections.Concurrent;
using System.Reflection;
using Ember.Server;

namespace Ember.Invocations;

/// <summary>
/// Parameters that the server fills when the job runs, whatever was passed at enqueue (stored as null): the job's
/// <see cref="CancellationToken"/> or <see cref="IJobCancellationToken"/>, its <see cref="PerformContext"/>, and a
/// continuation's <see cref="FromResultAttribute"/>, <see cref="FromResultsAttribute"/> and <see cref="FromExceptionAttribute"/> parameters, and
/// <see cref="FromParameterAttribute"/> parameters, read from the job's stored parameters.
/// </summary>
internal enum RunTimeArgument : byte
{
    None,
    CancellationToken,
    JobCancellationToken,
    PerformContext,
    FromResult,
    FromException,
    FromParameter,
    FromResults,
}

internal static class RunTimeArguments
{
    private static readonly ConcurrentDictionary<MethodInfo, RunTimeArgument[]> Cache = new();

    /// <summary>What each of the method's parameters gets at run time (<see cref="RunTimeArgument.None"/>: its stored argument).</summary>
    public static RunTimeArgument[] Of(MethodInfo method) => Cache.GetOrAdd(method, static m => m.GetParameters().Select(KindOf).ToArray());

    public static bool Any(MethodInfo method, RunTimeArgument kind) => Array.IndexOf(Of(method), kind) >= 0;

    public static RunTimeArgument KindOf(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken)) return RunTimeArgument.CancellationToken;
        if (type == typeof(IJobCancellationToken)) return RunTimeArgument.JobCancellationToken;
        if (type == typeof(PerformContext)) return RunTimeArgument.PerformContext;
        if (parameter.IsDefined(typeof(FromResultAttribute), inherit: false)) return RunTimeArgument.FromResult;
        if (parameter.IsDefined(typeof(FromResultsAttribute), inherit: false))
            return FromResultsAttribute.ElementTypeOf(type) is not null
                ? RunTimeArgument.FromResults
                : throw new ArgumentException($"Parameter '{parameter.Name}' of {parameter.Member.DeclaringType?.Name}.{parameter.Member.Name} is [FromResults] but of type {type.Name}; declare it as T[], IReadOnlyList<T>, IList<T>, List<T> or IEnumerable<T>.", parameter.Name);
        if (parameter.IsDefined(typeof(FromParameterAttribute), inherit: false)) return RunTimeArgument.FromParameter;
        if (parameter.IsDefined(typeof(FromExceptionAttribute), inherit: false))
            return type == typeof(ExceptionInfo)
                ? RunTimeArgument.FromException
                : throw new ArgumentException($"Parameter '{parameter.Name}' of {parameter.Member.DeclaringType?.Name}.{parameter.Member.Name} is [FromException] but of type {type.Name}; declare it as ExceptionInfo.", parameter.Name);
        return RunTimeArgument.None;
    }
}
