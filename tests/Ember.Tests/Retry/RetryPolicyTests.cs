using Ember.Retry;

namespace Ember.Tests.Retry;

public class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly RetryPolicy _policy = new(new RetryOptions(), TimeSpan.FromDays(1));

    [Fact]
    public void Default_policy_retries_ten_times_with_growing_delays_then_fails()
    {
        var job = Job.FromExpression(() => Unattributed.Run());
        var previousMinimum = TimeSpan.Zero;
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var change = _policy.OnFailure(job, attempt, new InvalidOperationException("x"), Now);
            Assert.Equal(JobState.Scheduled, change.State);
            var delay = change.ScheduledAt!.Value - Now;
            // Hangfire's curve: (n-1)^4 + 15 + random(0..29) * n seconds.
            var minimum = TimeSpan.FromSeconds(Math.Pow(attempt - 1, 4) + 15);
            Assert.InRange(delay, minimum, minimum + TimeSpan.FromSeconds(29 * attempt));
            Assert.True(minimum >= previousMinimum);
            previousMinimum = minimum;
            Assert.Contains($"Retry {attempt} of 10", change.Reason, StringComparison.Ordinal);
        }

        var last = _policy.OnFailure(job, 11, new InvalidOperationException("last"), Now);
        Assert.Equal(JobState.Failed, last.State);
        Assert.Equal("last", last.Error!.Message);
        Assert.Equal(typeof(InvalidOperationException).FullName, last.Error.Type);
        Assert.Null(last.ExpireAt);
    }

    [Fact]
    public void Method_attribute_overrides_class_attribute_which_overrides_defaults()
    {
        var onClass = _policy.For(Job.FromExpression(() => Jobs.Plain()));
        var onMethod = _policy.For(Job.FromExpression(() => Jobs.Overridden()));

        Assert.Equal(2, onClass.Attempts);
        Assert.Equal([7], onClass.DelaysInSeconds!);
        Assert.Equal(5, onMethod.Attempts);
        Assert.Equal([7], onMethod.DelaysInSeconds!); // unset on the method: inherited from the class
        Assert.Equal(AttemptsExceededAction.Delete, onMethod.OnAttemptsExceeded);
    }

    [Fact]
    public void Delays_in_seconds_repeat_their_last_value()
    {
        var options = new RetryOptions { DelaysInSeconds = [1, 5] };

        Assert.Equal(TimeSpan.FromSeconds(1), RetryPolicy.Delay(options, 1));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.Delay(options, 2));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.Delay(options, 9));
    }

    [Fact]
    public void Only_on_retries_listed_exception_types_and_their_subtypes()
    {
        var job = Job.FromExpression(() => Jobs.OnlyOnIo());

        Assert.Equal(JobState.Scheduled, _policy.OnFailure(job, 1, new FileNotFoundException(), Now).State);
        var refused = _policy.OnFailure(job, 1, new InvalidOperationException("no"), Now);
        Assert.Equal(JobState.Failed, refused.State);
        Assert.Contains("Not retried", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Except_on_never_retries_listed_exception_types()
    {
        var job = Job.FromExpression(() => Jobs.ExceptOnArgument());

        Assert.Equal(JobState.Failed, _policy.OnFailure(job, 1, new ArgumentNullException("x"), Now).State);
        Assert.Equal(JobState.Scheduled, _policy.OnFailure(job, 1, new InvalidOperationException(), Now).State);
    }

    [Fact]
    public void Attempts_exceeded_with_delete_action_deletes_and_expires()
    {
        var change = _policy.OnFailure(Job.FromExpression(() => Jobs.Overridden()), 6, new InvalidOperationException("x"), Now);

        Assert.Equal(JobState.Deleted, change.State);
        Assert.Equal(Now.AddDays(1), change.ExpireAt);
    }

    [Fact]
    public void Zero_attempts_fails_on_first_error()
    {
        var policy = new RetryPolicy(new RetryOptions { Attempts = 0 }, TimeSpan.FromDays(1));

        Assert.Equal(JobState.Failed, policy.OnFailure(Job.FromExpression(() => Unattributed.Run()), 1, new InvalidOperationException(), Now).State);
    }

    [Fact]
    public void Negative_attempts_are_refused_naming_the_option()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EmberOptions { Retry = new RetryOptions { Attempts = -1 } }.Validate());

        Assert.Contains("EmberOptions.Retry.Attempts", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AutomaticRetryAttribute { Attempts = -1 });
    }

    [Fact]
    public void Negative_interruptions_are_refused_naming_the_option()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EmberOptions { Retry = new RetryOptions { Interruptions = -1 } }.Validate());

        Assert.Contains("EmberOptions.Retry.Interruptions", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AutomaticRetryAttribute { Interruptions = -1 });
        Assert.Equal(5, new RetryOptions().Interruptions);
    }

    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [7])]
    private static class Jobs
    {
        public static void Plain() { }

        [AutomaticRetry(Attempts = 5, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
        public static void Overridden() { }

        [AutomaticRetry(OnlyOn = [typeof(IOException)])]
        public static void OnlyOnIo() { }

        [AutomaticRetry(ExceptOn = [typeof(ArgumentException)])]
        public static void ExceptOnArgument() { }
    }

    private static class Unattributed
    {
        public static void Run() { }
    }
}

public class AutomaticRetryValidationTests
{
    [Fact]
    public void Empty_or_negative_delays_and_non_exception_types_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new AutomaticRetryAttribute { DelaysInSeconds = [] });
        Assert.Throws<ArgumentException>(() => new AutomaticRetryAttribute { DelaysInSeconds = [5, -1] });
        Assert.Contains("System.String", Assert.Throws<ArgumentException>(() => new AutomaticRetryAttribute { OnlyOn = [typeof(string)] }).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new AutomaticRetryAttribute { ExceptOn = [typeof(int)] });
        Assert.Throws<InvalidOperationException>(() => new EmberOptions { Retry = new RetryOptions { OnlyOn = [typeof(string)] } }.Validate());
    }
}
