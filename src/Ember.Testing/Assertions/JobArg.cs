namespace Ember.Testing;

/// <summary>
/// Argument matchers for the call expressions of the assertions, in place of a whole argument:
/// <c>jobs.AssertEnqueued&lt;Mailer&gt;(x =&gt; x.SendAsync(JobArg.Any&lt;int&gt;(), "welcome"))</c>. Any other argument
/// matches when its JSON equals the job's stored argument.
/// </summary>
/// <remarks>
/// Named so as not to clash with mocking libraries' <c>Arg</c> and <c>It</c>. The methods only mark an argument of an
/// assertion's expression: they are read, never called, and throw when called anywhere else (e.g. in an enqueue).
/// </remarks>
public static class JobArg
{
    /// <summary>Matches any value of the parameter, null included.</summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    public static T Any<T>() => throw OutsideAssertion(nameof(Any));

    /// <summary>
    /// Matches when <paramref name="predicate"/> holds for the argument, read back from the job's stored JSON as the
    /// job will receive it.
    /// </summary>
    /// <typeparam name="T">The parameter's type (or a type its JSON reads as).</typeparam>
    /// <param name="predicate">The condition, e.g. <c>id =&gt; id &gt; 0</c>.</param>
#pragma warning disable IDE0060 // The predicate is read from the expression tree, not here.
    public static T Is<T>(Func<T, bool> predicate) => throw OutsideAssertion(nameof(Is));
#pragma warning restore IDE0060

    private static InvalidOperationException OutsideAssertion(string name) => new(
        $"JobArg.{name} marks a whole argument of an assertion's call expression, such as jobs.AssertEnqueued<Mailer>(x => x.SendAsync(JobArg.{name}<int>({(name == nameof(Is) ? "id => id > 0" : "")}))); it can't be called, nor used inside another argument's value.");
}
