using System.Linq.Expressions;
using System.Reflection;

namespace Ember;

/// <summary>
/// What a background job calls: a method, the type it is activated from (for instance methods) and the argument values.
/// Built from a call expression at enqueue time, and again from the stored invocation when a worker runs it.
/// </summary>
public sealed class Job
{
    /// <summary>Creates a job from its parts. Prefer <see cref="FromExpression(Expression{Action})"/> and its overloads.</summary>
    /// <param name="type">The type whose instance runs the method (resolved from DI), or the declaring type of a static method.</param>
    /// <param name="method">The method to call.</param>
    /// <param name="arguments">One value per parameter; <see cref="CancellationToken"/> parameters are replaced at run time.</param>
    public Job(Type type, MethodInfo method, IReadOnlyList<object?> arguments)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(arguments);
        JobValidation.Validate(type, method, arguments);
        Type = type;
        Method = method;
        Arguments = arguments;
    }

    /// <summary>The type whose instance runs the method, or the declaring type of a static method.</summary>
    public Type Type { get; }

    /// <summary>The method to call.</summary>
    public MethodInfo Method { get; }

    /// <summary>The argument values, one per parameter.</summary>
    public IReadOnlyList<object?> Arguments { get; }

    /// <summary>A static method call, e.g. <c>() => Console.WriteLine("hi")</c>.</summary>
    public static Job FromExpression(Expression<Action> methodCall) => JobExpression.Parse(methodCall, null);

    /// <summary>A static method call returning a task, e.g. <c>() => Reports.BuildAsync(day)</c>.</summary>
    public static Job FromExpression(Expression<Func<Task>> methodCall) => JobExpression.Parse(methodCall, null);

    /// <summary>A static method call returning a value task.</summary>
    public static Job FromExpression(Expression<Func<ValueTask>> methodCall) => JobExpression.Parse(methodCall, null);

    /// <summary>An instance method of <typeparamref name="T"/>, resolved from DI when the job runs.</summary>
    public static Job FromExpression<T>(Expression<Action<T>> methodCall) => JobExpression.Parse(methodCall, typeof(T));

    /// <summary>An instance method of <typeparamref name="T"/> returning a task, resolved from DI when the job runs.</summary>
    public static Job FromExpression<T>(Expression<Func<T, Task>> methodCall) => JobExpression.Parse(methodCall, typeof(T));

    /// <summary>An instance method of <typeparamref name="T"/> returning a value task, resolved from DI when the job runs.</summary>
    public static Job FromExpression<T>(Expression<Func<T, ValueTask>> methodCall) => JobExpression.Parse(methodCall, typeof(T));

    /// <inheritdoc />
    public override string ToString() => $"{Type.Name}.{Method.Name}";
}
