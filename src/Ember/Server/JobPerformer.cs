using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Ember.Invocations;

namespace Ember.Server;

// Calls a job's method and awaits it for real when it returns a task: no worker thread waits while a job awaits I/O.
// Returns what the method returned (the task's result for Task<T> and ValueTask<T>), or null for void, Task, ValueTask.
internal static class JobPerformer
{
    private static readonly ConcurrentDictionary<Type, Func<object, Task<object?>>> Awaiters = new();
    private static readonly ConcurrentDictionary<MethodInfo, bool> Compiled = new();

    /// <summary>
    /// Performs <paramref name="job"/>; <paramref name="beforeCall"/>, when given, runs last before the method is
    /// called (after its instance and arguments are made), and may throw to keep it from starting.
    /// </summary>
    public static async Task<object?> PerformAsync(Job job, JobActivatorScope scope, RunArguments run, Func<ValueTask>? beforeCall = null)
    {
        var instance = job.Method.IsStatic ? null : scope.Resolve(job.Type);
        var kinds = RunTimeArguments.Of(job.Method);
        var arguments = new object?[kinds.Length];
        for (var i = 0; i < arguments.Length; i++)
            arguments[i] = kinds[i] == RunTimeArgument.None ? job.Arguments[i] : run.ValueFor(i, kinds[i]);
        if (beforeCall is not null)
        {
            Compile(job.Method);
            await beforeCall().ConfigureAwait(false);
        }

        var result = job.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        var returnType = job.Method.ReturnType;
        if (!typeof(Task).IsAssignableFrom(returnType) && returnType != typeof(ValueTask) && !IsValueTaskOfT(returnType)) return result;
        if (result is null)
            throw new InvalidOperationException($"{job} returned a null {returnType.Name}; return a completed task instead.");
        switch (result)
        {
            case Task task when !returnType.IsGenericType:
                await task.ConfigureAwait(false);
                return null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            default:
                return await AwaiterFor(returnType)(result).ConfigureAwait(false);
        }
    }

    // Compiles a method, and an async method's state machine (where its first line runs), once, ahead of a call that
    // must start promptly after its check: a cold method is compiled on its first call, after the check. Generic ones
    // are left to the call (their instantiations would have to be named).
    private static void Compile(MethodInfo method) => Compiled.GetOrAdd(method, static method =>
    {
        try
        {
            if (method.ContainsGenericParameters || method.IsGenericMethod || method.DeclaringType?.IsGenericType == true) return false;
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
            if (method.GetCustomAttribute<StateMachineAttribute>()?.StateMachineType.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is { } moveNext)
                RuntimeHelpers.PrepareMethod(moveNext.MethodHandle);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or InvalidOperationException or MemberAccessException)
        {
            return false; // compiled by its call, as any method
        }
    });

    private static bool IsValueTaskOfT(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>);

    /// <summary>The type of what a method returns once awaited; null for none (void, Task, ValueTask).</summary>
    public static Type? ResultType(MethodInfo method)
    {
        var type = method.ReturnType;
        if (type == typeof(void) || type == typeof(Task) || type == typeof(ValueTask)) return null;
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
            return type.GetGenericArguments()[0];
        return typeof(Task).IsAssignableFrom(type) ? null : type;
    }

    // Task<T> and ValueTask<T> by their declared type: an async Task method's task is a Task<VoidTaskResult> at run
    // time, whose result is not the job's. A Task subclass that isn't Task<T> is awaited as a plain task.
    private static Func<object, Task<object?>> AwaiterFor(Type returnType) => Awaiters.GetOrAdd(returnType, static type =>
    {
        if (!type.IsGenericType || (type.GetGenericTypeDefinition() != typeof(Task<>) && type.GetGenericTypeDefinition() != typeof(ValueTask<>)))
            return static async result => { await ((Task)result).ConfigureAwait(false); return null; };
        var name = type.GetGenericTypeDefinition() == typeof(Task<>) ? nameof(AwaitTask) : nameof(AwaitValueTask);
        return typeof(JobPerformer).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type.GetGenericArguments()).CreateDelegate<Func<object, Task<object?>>>();
    });

    private static async Task<object?> AwaitTask<T>(object result) => await ((Task<T>)result).ConfigureAwait(false);

    private static async Task<object?> AwaitValueTask<T>(object result) => await ((ValueTask<T>)result).ConfigureAwait(false);
}
