using System.Collections.Concurrent;
using System.Reflection;

namespace Ember.Server;

// Calls a job's method and awaits it for real when it returns a task: no worker thread waits while a job awaits I/O.
internal static class JobPerformer
{
    private static readonly ConcurrentDictionary<Type, Func<object, Task>?> Awaiters = new();

    public static async Task PerformAsync(Job job, JobActivatorScope scope, CancellationToken token)
    {
        var instance = job.Method.IsStatic ? null : scope.Resolve(job.Type);
        var parameters = job.Method.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
            arguments[i] = parameters[i].ParameterType == typeof(CancellationToken) ? token : job.Arguments[i];

        var result = job.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        if (AwaiterFor(job.Method.ReturnType) is { } awaiter)
        {
            if (result is null)
                throw new InvalidOperationException($"{job} returned a null {job.Method.ReturnType.Name}; return a completed task instead.");
            await awaiter(result).ConfigureAwait(false);
        }
    }

    // Task, Task<T>, ValueTask and ValueTask<T> are awaited; anything else is a synchronous method.
    private static Func<object, Task>? AwaiterFor(Type returnType) => Awaiters.GetOrAdd(returnType, static type =>
    {
        if (typeof(Task).IsAssignableFrom(type)) return static result => (Task)result;
        if (type == typeof(ValueTask)) return static result => ((ValueTask)result).AsTask();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            return typeof(JobPerformer).GetMethod(nameof(AsTask), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type.GetGenericArguments()).CreateDelegate<Func<object, Task>>();
        return null;
    });

    private static Task<T> AsTask<T>(object result) => ((ValueTask<T>)result).AsTask();
}
