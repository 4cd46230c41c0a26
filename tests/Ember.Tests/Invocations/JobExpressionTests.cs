using System.Linq.Expressions;
using Ember.Tests.Support;

namespace Ember.Tests.Invocations;

public class JobExpressionTests
{
    [Fact]
    public void Static_call_captures_type_method_and_evaluated_arguments()
    {
        var key = "k";
        var job = Job.FromExpression(() => TestJobs.Record(key + "1"));

        Assert.Equal(typeof(TestJobs), job.Type);
        Assert.Equal(nameof(TestJobs.Record), job.Method.Name);
        Assert.Equal(["k1"], job.Arguments);
    }

    [Fact]
    public void Instance_call_on_the_lambda_parameter_targets_the_generic_type()
    {
        var job = Job.FromExpression<TestJobs>(x => x.RecordOnInstance("a"));

        Assert.Equal(typeof(TestJobs), job.Type);
        Assert.False(job.Method.IsStatic);
    }

    [Fact]
    public void Cancellation_token_argument_is_a_placeholder()
    {
        using var source = new CancellationTokenSource();
        var job = Job.FromExpression(() => TestJobs.WaitForCancellationAsync("k", source.Token));

        Assert.Equal(CancellationToken.None, job.Arguments[1]);
    }

    [Fact]
    public void Expression_that_is_not_a_method_call_is_rejected_with_a_clear_message()
    {
        Expression<Action<Payload>> notACall = p => new Payload("x", 1);

        var error = Assert.Throws<ArgumentException>(() => Job.FromExpression(notACall));

        Assert.Contains("must be a method call", error.Message, StringComparison.Ordinal);
        Assert.Contains("constructor call", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Method_with_an_out_parameter_is_rejected_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() => Job.FromExpression(() => WithOut(out Holder.Value)));

        Assert.Contains("'result'", error.Message, StringComparison.Ordinal);
        Assert.Contains("by reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Method_with_a_ref_parameter_is_rejected_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() => Job.FromExpression(() => WithRef(ref Holder.Value)));

        Assert.Contains("'counter'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Argument_that_throws_while_evaluated_is_reported_naming_the_argument()
    {
        var error = Assert.Throws<ArgumentException>(() => Job.FromExpression(() => TestJobs.Record(Throws())));

        Assert.Contains("'key'", error.Message, StringComparison.Ordinal);
    }

    private static void WithOut(out int result) => result = 1;

    private static void WithRef(ref int counter) => counter++;

    private static string Throws() => throw new InvalidOperationException("boom");

    private static class Holder
    {
        public static int Value;
    }
}

public class AsyncVoidTests
{
    [Fact]
    public void Async_void_methods_are_refused_at_enqueue()
    {
        var error = Assert.Throws<ArgumentException>(() => Job.FromExpression(() => AsyncVoid()));

        Assert.Contains("async void", error.Message, StringComparison.Ordinal);
    }

#pragma warning disable VSTHRD100 // the point of the test
    private static async void AsyncVoid() => await Task.Yield();
#pragma warning restore VSTHRD100
}
