using System.Collections.Concurrent;
using System.Reflection;
using Ember.Storage;

namespace Ember.Retry;

/// <summary>Decides what a failed run leads to: a retry later (Scheduled), Failed or Deleted.</summary>
internal sealed class RetryPolicy(RetryOptions defaults, TimeSpan jobExpiration)
{
    private readonly ConcurrentDictionary<MethodInfo, RetryOptions> _effective = new();

    /// <param name="job">The job that failed.</param>
    /// <param name="failures">How many runs have failed since the job was created or last requeued by a user, this one included.</param>
    /// <param name="exception">Why this run failed.</param>
    /// <param name="now">The current time.</param>
    public StateChange OnFailure(Job job, int failures, Exception exception, DateTimeOffset now)
    {
        var options = For(job);
        var error = JobError.From(exception);
        var retry = failures; // the n-th failure leads to the n-th retry
        if (retry <= options.Attempts && ShouldRetry(options, exception))
        {
            var delay = Delay(options, retry);
            return StateChange.Scheduled(HistoryKind.RetryScheduled, now + delay,
                $"Retry {retry} of {options.Attempts} in {Format(delay)} after {error.Type}: {error.Message}", error);
        }
        var why = retry > options.Attempts ? $"Retries exhausted ({options.Attempts})" : $"Not retried on {error.Type}";
        return options.OnAttemptsExceeded == AttemptsExceededAction.Delete
            ? StateChange.Deleted(HistoryKind.Failed, now + jobExpiration, $"{why}; deleted: {error.Message}", error)
            : StateChange.Failed(HistoryKind.Failed, error, $"{why}: {error.Message}", now + jobExpiration);
    }

    /// <summary>
    /// Decides whether a job whose last run was interrupted (its server stopped mid-run and the job was rescued) may
    /// run again: up to <see cref="RetryOptions.Interruptions"/> times. So a job that brings its server down on every
    /// run stops instead of taking down server after server. Returns null to run it, or the outcome that ends it with
    /// a <see cref="JobInterruptedException"/> (as <see cref="AutomaticRetryAttribute.OnAttemptsExceeded"/> says:
    /// Failed or Deleted).
    /// </summary>
    /// <param name="job">The job about to run.</param>
    /// <param name="interruptions">How many of its runs were interrupted since it was created or last requeued by a user.</param>
    /// <param name="now">The current time.</param>
    public (StateChange Outcome, JobInterruptedException Error)? AfterInterruption(Job job, int interruptions, DateTimeOffset now)
    {
        var options = For(job);
        if (interruptions <= options.Interruptions) return null;
        var exception = new JobInterruptedException(
            $"{interruptions} of the job's runs were interrupted when their server stopped (a crash, kill, out of memory or lost lease), more than it allows ({options.Interruptions}). It is not run again; fix the cause and requeue it.");
        var error = JobError.From(exception);
        var why = $"Interrupted {interruptions} times (allowed: {options.Interruptions})";
        var outcome = options.OnAttemptsExceeded == AttemptsExceededAction.Delete
            ? StateChange.Deleted(HistoryKind.Interrupted, now + jobExpiration, $"{why}; deleted", error)
            : StateChange.Failed(HistoryKind.Interrupted, error, why, now + jobExpiration);
        return (outcome, exception);
    }

    public RetryOptions For(Job job) => _effective.GetOrAdd(job.Method, _ =>
    {
        var options = defaults;
        if (job.Type.GetCustomAttribute<AutomaticRetryAttribute>() is { } onType) options = onType.Over(options);
        if (job.Method.GetCustomAttribute<AutomaticRetryAttribute>() is { } onMethod) options = onMethod.Over(options);
        return options;
    });

    internal static TimeSpan Delay(RetryOptions options, int retry)
    {
        if (options.DelaysInSeconds is { Count: > 0 } delays)
            return TimeSpan.FromSeconds(delays[Math.Min(retry, delays.Count) - 1]);
        // Hangfire's curve, so that a switch keeps the same retry rhythm.
        return TimeSpan.FromSeconds(Math.Round(Math.Pow(retry - 1, 4) + 15 + Random.Shared.Next(30) * retry));
    }

    private static bool ShouldRetry(RetryOptions options, Exception exception)
    {
        var type = exception.GetType();
        if (options.ExceptOn is { } except && except.Any(t => t.IsAssignableFrom(type))) return false;
        return options.OnlyOn is not { } only || only.Any(t => t.IsAssignableFrom(type));
    }

    private static string Format(TimeSpan delay) =>
        delay.TotalSeconds < 120 ? $"{delay.TotalSeconds:0} s" : delay.TotalMinutes < 120 ? $"{delay.TotalMinutes:0} min" : $"{delay.TotalHours:0.#} h";
}
