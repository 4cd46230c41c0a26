using System.Linq.Expressions;
using Ember.Storage;

namespace Ember.Testing;

// Overloads for ValueTask-returning methods. The Action forms accept them too, but a lambda that drops a ValueTask
// trips the CA2012 analyzer in test projects; these take it as a result instead. Each forwards to its Action form.
public sealed partial class TestBackgroundJobClient
{
    /// <inheritdoc cref="AssertEnqueued(Expression{Action}, JobMatch?)" />
    public RecordedJob AssertEnqueued(Expression<Func<ValueTask>> call, JobMatch? match = null) =>
        AssertCreated(JobState.Enqueued, null, Pattern(call, null), match);

    /// <inheritdoc cref="AssertEnqueued{T}(Expression{Action{T}}, JobMatch?)" />
    public RecordedJob AssertEnqueued<T>(Expression<Func<T, ValueTask>> call, JobMatch? match = null) =>
        AssertCreated(JobState.Enqueued, null, Pattern(call, typeof(T)), match);

    /// <inheritdoc cref="AssertNotEnqueued(Expression{Action}, JobMatch?)" />
    public void AssertNotEnqueued(Expression<Func<ValueTask>> call, JobMatch? match = null) => AssertNone(Pattern(call, null), match);

    /// <inheritdoc cref="AssertNotEnqueued{T}(Expression{Action{T}}, JobMatch?)" />
    public void AssertNotEnqueued<T>(Expression<Func<T, ValueTask>> call, JobMatch? match = null) => AssertNone(Pattern(call, typeof(T)), match);

    /// <inheritdoc cref="AssertScheduled(Expression{Action}, JobMatch?)" />
    public RecordedJob AssertScheduled(Expression<Func<ValueTask>> call, JobMatch? match = null) =>
        AssertCreated(JobState.Scheduled, null, Pattern(call, null), match);

    /// <inheritdoc cref="AssertScheduled{T}(Expression{Action{T}}, JobMatch?)" />
    public RecordedJob AssertScheduled<T>(Expression<Func<T, ValueTask>> call, JobMatch? match = null) =>
        AssertCreated(JobState.Scheduled, null, Pattern(call, typeof(T)), match);

    /// <inheritdoc cref="AssertScheduled(Expression{Action}, TimeSpan)" />
    public RecordedJob AssertScheduled(Expression<Func<ValueTask>> call, TimeSpan delay) =>
        AssertCreated(JobState.Scheduled, null, Pattern(call, null), new JobMatch { Delay = delay });

    /// <inheritdoc cref="AssertScheduled{T}(Expression{Action{T}}, TimeSpan)" />
    public RecordedJob AssertScheduled<T>(Expression<Func<T, ValueTask>> call, TimeSpan delay) =>
        AssertCreated(JobState.Scheduled, null, Pattern(call, typeof(T)), new JobMatch { Delay = delay });

    /// <inheritdoc cref="AssertScheduled(Expression{Action}, DateTimeOffset)" />
    public RecordedJob AssertScheduled(Expression<Func<ValueTask>> call, DateTimeOffset enqueueAt) =>
        AssertCreated(JobState.Scheduled, null, Pattern(call, null), new JobMatch { ScheduledAt = enqueueAt });

    /// <inheritdoc cref="AssertScheduled{T}(Expression{Action{T}}, DateTimeOffset)" />
    public RecordedJob AssertScheduled<T>(Expression<Func<T, ValueTask>> call, DateTimeOffset enqueueAt) =>
        AssertCreated(JobState.Scheduled, null, Pattern(call, typeof(T)), new JobMatch { ScheduledAt = enqueueAt });

    /// <inheritdoc cref="AssertContinuation(string, Expression{Action}, JobMatch?)" />
    public RecordedJob AssertContinuation(string parentId, Expression<Func<ValueTask>> call, JobMatch? match = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parentId);
        return AssertCreated(JobState.Awaiting, parentId, Pattern(call, null), match);
    }

    /// <inheritdoc cref="AssertContinuation{T}(string, Expression{Action{T}}, JobMatch?)" />
    public RecordedJob AssertContinuation<T>(string parentId, Expression<Func<T, ValueTask>> call, JobMatch? match = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parentId);
        return AssertCreated(JobState.Awaiting, parentId, Pattern(call, typeof(T)), match);
    }

    /// <inheritdoc cref="FindJobs(Expression{Action}, JobMatch?)" />
    public IReadOnlyList<RecordedJob> FindJobs(Expression<Func<ValueTask>> call, JobMatch? match = null) => Find(Pattern(call, null), match);

    /// <inheritdoc cref="FindJobs{T}(Expression{Action{T}}, JobMatch?)" />
    public IReadOnlyList<RecordedJob> FindJobs<T>(Expression<Func<T, ValueTask>> call, JobMatch? match = null) => Find(Pattern(call, typeof(T)), match);

    /// <inheritdoc cref="AssertRecurring(string, Expression{Action}, string?)" />
    public RecurringJobRecord AssertRecurring(string recurringJobId, Expression<Func<ValueTask>> call, string? cron = null) =>
        AssertRecurringCore(recurringJobId, Pattern(call, null), cron);

    /// <inheritdoc cref="AssertRecurring{T}(string, Expression{Action{T}}, string?)" />
    public RecurringJobRecord AssertRecurring<T>(string recurringJobId, Expression<Func<T, ValueTask>> call, string? cron = null) =>
        AssertRecurringCore(recurringJobId, Pattern(call, typeof(T)), cron);
}
