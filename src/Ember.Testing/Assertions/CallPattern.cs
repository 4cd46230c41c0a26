using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Ember.Invocations;

namespace Ember.Testing;

/// <summary>
/// The call an assertion looks for, read from its expression: the type and method, and per argument a matcher. An
/// argument matches when its JSON equals the stored one (the job receives what the JSON reads back as, so that is what
/// counts), or as <see cref="JobArg"/> says.
/// </summary>
internal sealed class CallPattern
{
    private readonly Type _type;
    private readonly MethodInfo _method;
    private readonly ArgumentMatcher[] _arguments;

    private CallPattern(Type type, MethodInfo method, ArgumentMatcher[] arguments)
    {
        _type = type;
        _method = method;
        _arguments = arguments;
    }

    /// <param name="call">The assertion's expression: <c>x =&gt; x.Method(args)</c> or <c>() =&gt; Type.Method(args)</c>.</param>
    /// <param name="targetType">T of an <c>Action&lt;T&gt;</c> expression; null for a parameterless one.</param>
    /// <param name="options">How the application serializes arguments.</param>
    public static CallPattern Parse(LambdaExpression call, Type? targetType, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Body is not MethodCallExpression body)
            throw new ArgumentException($"An assertion looks for a method call such as `x => x.SendAsync(42)`, but `{call.Body}` is not one.", nameof(call));
        var method = body.Method;
        if (!method.IsStatic && targetType is not null && body.Object is not ParameterExpression)
            throw new ArgumentException($"Call the method on the lambda's parameter, as in `x => x.{method.Name}(...)`, not on `{body.Object}`.", nameof(call));
        // As the client does: an instance method runs on T (from DI), or on the static type of `() => service.Method()`.
        var type = method.IsStatic ? method.DeclaringType! : targetType ?? body.Object!.Type;
        var parameters = method.GetParameters();
        var arguments = new ArgumentMatcher[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
            arguments[i] = ArgumentMatcher.For(body.Arguments[i], parameters[i], method, options);
        return new CallPattern(type, method, arguments);
    }

    /// <summary>The expected call as the messages show it, e.g. <c>Mailer.SendAsync(42, &lt;any&gt;)</c>.</summary>
    public string Description => $"{_type.Name}.{_method.Name}({string.Join(", ", _arguments.Select(a => a.Description))})";

    /// <summary>Whether a stored call is of the same method, on this type or one deriving from it.</summary>
    public bool SameMethod(Job? job) => job is not null
        && _type.IsAssignableFrom(job.Type)
        && job.Method.Name == _method.Name
        && job.Method.GetParameters().Select(p => p.ParameterType).SequenceEqual(_method.GetParameters().Select(p => p.ParameterType))
        && job.Method.GetGenericArguments().SequenceEqual(_method.GetGenericArguments());

    public bool Matches(Job? job, Invocation invocation) => SameMethod(job) && ArgumentDifferences(invocation).Count == 0;

    /// <summary>For a call of the same method: which arguments differ, as "name: expected X, was Y".</summary>
    public IReadOnlyList<string> ArgumentDifferences(Invocation invocation)
    {
        var differences = new List<string>();
        for (var i = 0; i < _arguments.Length && i < invocation.Arguments.Count; i++)
            if (!_arguments[i].Matches(invocation.Arguments[i]))
                differences.Add($"argument '{_arguments[i].Name}' was {invocation.Arguments[i].GetRawText()}, expected {_arguments[i].Description}");
        return differences;
    }

    private abstract class ArgumentMatcher(string name, string description)
    {
        private static readonly MethodInfo AnyMethod = typeof(JobArg).GetMethod(nameof(JobArg.Any))!;
        private static readonly MethodInfo IsMethod = typeof(JobArg).GetMethod(nameof(JobArg.Is))!;

        public string Name { get; } = name;

        public string Description { get; } = description;

        public abstract bool Matches(JsonElement stored);

        public static ArgumentMatcher For(Expression argument, ParameterInfo parameter, MethodInfo method, JsonSerializerOptions options)
        {
            var name = parameter.Name ?? $"#{parameter.Position}";
            if (parameter.ParameterType == typeof(CancellationToken)) return new AnyValue(name, "CancellationToken");
            // A marker may sit under an implicit conversion, e.g. JobArg.Any<int>() passed for a long.
            var marker = argument;
            while (marker is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert) marker = convert.Operand;
            if (marker is MethodCallExpression call && call.Method.IsGenericMethod)
            {
                var definition = call.Method.GetGenericMethodDefinition();
                if (definition == AnyMethod) return new AnyValue(name, "<any>");
                if (definition == IsMethod)
                {
                    var predicate = call.Arguments[0] is LambdaExpression lambda ? lambda.Compile() : (Delegate?)Evaluate(call.Arguments[0], name, method);
                    if (predicate is null) throw new ArgumentException($"JobArg.Is for argument '{name}' of {method.Name} was given a null predicate.", nameof(argument));
                    return new Satisfies(name, $"<{call.Arguments[0]}>", predicate, call.Method.GetGenericArguments()[0], options);
                }
            }
            var value = Evaluate(argument, name, method);
            JsonElement expected;
            try
            {
                expected = JsonSerializer.SerializeToElement(value, parameter.ParameterType, options);
            }
            catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
            {
                throw new ArgumentException($"The expected argument '{name}' of {method.Name} can't be serialized to JSON to compare it with the stored one: {ex.Message}", nameof(argument), ex);
            }
            return new EqualJson(name, expected);
        }

        private static object? Evaluate(Expression argument, string name, MethodInfo method)
        {
            try
            {
                return argument is ConstantExpression constant
                    ? constant.Value
                    : Expression.Lambda<Func<object?>>(Expression.Convert(argument, typeof(object))).Compile(preferInterpretation: true)();
            }
            catch (Exception ex) when (ex is not ArgumentException)
            {
                throw new ArgumentException($"The expected argument '{name}' of {method.Name} could not be evaluated ({ex.Message}). Give a value, JobArg.Any<T>() or JobArg.Is<T>(predicate); the lambda's parameter can't be used in an argument.", nameof(argument), ex);
            }
        }
    }

    private sealed class AnyValue(string name, string description) : ArgumentMatcher(name, description)
    {
        public override bool Matches(JsonElement stored) => true;
    }

    private sealed class EqualJson(string name, JsonElement expected) : ArgumentMatcher(name, expected.GetRawText())
    {
        public override bool Matches(JsonElement stored) => JsonElement.DeepEquals(expected, stored);
    }

    private sealed class Satisfies(string name, string description, Delegate predicate, Type type, JsonSerializerOptions options) : ArgumentMatcher(name, description)
    {
        public override bool Matches(JsonElement stored)
        {
            object? value;
            try
            {
                value = stored.Deserialize(type, options);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                return false; // stored JSON that isn't a T doesn't match a condition on a T
            }
            try
            {
                return predicate.DynamicInvoke(value) is true;
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                // The predicate's own exception, not reflection's wrapper: it is a bug in the test to fix.
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }
    }
}
