using System.Linq.Expressions;
using System.Reflection;
using Ember.Invocations;

namespace Ember;

// Turns `x => x.Method(args)` or `() => Type.Method(args)` into a Job, evaluating the arguments now.
internal static class JobExpression
{
    public static Job Parse(LambdaExpression methodCall, Type? targetType)
    {
        ArgumentNullException.ThrowIfNull(methodCall);
        if (methodCall.Body is not MethodCallExpression call)
            throw new ArgumentException($"A background job must be a method call such as `x => x.SendAsync(id)`, but `{methodCall.Body}` is a {Describe(methodCall.Body.NodeType)}.", nameof(methodCall));

        var method = call.Method;
        Type type;
        if (method.IsStatic)
        {
            type = method.DeclaringType!;
        }
        else if (targetType is not null)
        {
            if (call.Object is not ParameterExpression)
                throw new ArgumentException($"Call the method on the lambda's parameter, as in `x => x.{method.Name}(...)`, not on `{call.Object}`.", nameof(methodCall));
            type = targetType;
        }
        else
        {
            // `() => service.Method()`: like Hangfire, run it on a fresh instance of the expression's static type.
            type = call.Object!.Type;
        }

        var parameters = method.GetParameters();
        var arguments = new object?[call.Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            if (parameters[i].ParameterType.IsByRef)
                throw new ArgumentException($"Parameter '{parameters[i].Name}' of {type.Name}.{method.Name} is passed by reference (ref, out or in); background jobs can't return values through parameters. Pass it by value.", nameof(methodCall));
            arguments[i] = RunTimeArguments.KindOf(parameters[i]) switch
            {
                RunTimeArgument.None => Evaluate(call.Arguments[i], parameters[i], method),
                RunTimeArgument.CancellationToken => CancellationToken.None,
                _ => null, // filled when the job runs, whatever the caller passed
            };
        }
        return new Job(type, method, arguments);
    }

    // Constants and captured variables are read directly; anything else is compiled, which costs ~50 µs.
    private static object? Evaluate(Expression argument, ParameterInfo parameter, MethodInfo method)
    {
        try
        {
            return argument switch
            {
                ConstantExpression constant => constant.Value,
                MemberExpression { Member: FieldInfo field, Expression: ConstantExpression closure } => field.GetValue(closure.Value),
                _ => Expression.Lambda<Func<object?>>(Expression.Convert(argument, typeof(object))).Compile(preferInterpretation: true)(),
            };
        }
        catch (Exception ex) when (ex is not ArgumentException)
        {
            throw new ArgumentException($"Argument '{parameter.Name}' of {method.DeclaringType?.Name}.{method.Name} could not be evaluated at enqueue time: {ex.Message}", parameter.Name, ex);
        }
    }

    private static string Describe(ExpressionType nodeType) => nodeType switch
    {
        ExpressionType.MemberAccess => "property or field access",
        ExpressionType.Invoke => "delegate invocation",
        ExpressionType.New => "constructor call",
        _ => nodeType.ToString(),
    };
}
