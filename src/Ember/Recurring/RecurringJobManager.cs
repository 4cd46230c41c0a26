using Ember.Invocations;
using Ember.Recurring;
using Ember.Storage;

namespace Ember;

/// <summary>The <see cref="IRecurringJobManager"/> over an <see cref="IJobStore"/>. Thread-safe; one per application.</summary>
public sealed class RecurringJobManager : IRecurringJobManager
{
    private const int TriggerAttempts = 5;
    private readonly IJobStore _store;
    private readonly EmberOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a manager.</summary>
    /// <param name="store">Where recurring jobs are stored.</param>
    /// <param name="options">Shared options; defaults when null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public RecurringJobManager(IJobStore store, EmberOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new EmberOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task AddOrUpdateAsync(string recurringJobId, Job job, string cronExpression, RecurringJobOptions? options = null, string? queue = null, CancellationToken cancellationToken = default)
    {
        RecurringJobId.ValidateNew(recurringJobId);
        ArgumentNullException.ThrowIfNull(job);
        options ??= new RecurringJobOptions();
        var schedule = CronSchedule.Parse(cronExpression, options.TimeZoneId);
        var record = new RecurringJobRecord
        {
            Id = recurringJobId,
            Cron = cronExpression.Trim(),
            TimeZoneId = options.TimeZoneId,
            Queue = queue is null ? QueueAttribute.Of(job) ?? _options.DefaultQueue : QueueName.Validate(queue, "Queue"),
            Invocation = Invocation.Serialize(job, _options.SerializerOptions),
            Misfire = options.MisfireHandling,
        };

        var existing = await _store.Queries.GetRecurringJobAsync(recurringJobId, cancellationToken).ConfigureAwait(false);
        // An unchanged schedule keeps its pending occurrence, so redeploying the same definition never skips a run. A
        // cron that never fires (Cron.Never()) is stored with no next run: the job runs only when triggered.
        var keepNext = existing is { NextRunAt: not null } && existing.Cron == record.Cron && existing.TimeZoneId == record.TimeZoneId;
        var next = keepNext ? existing!.NextRunAt : schedule.NextAfter(_time.GetUtcNow());
        await _store.UpsertRecurringJobAsync(record with { NextRunAt = next, LastRunAt = existing?.LastRunAt, LastJobId = existing?.LastJobId }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string?> TriggerAsync(string recurringJobId, CancellationToken cancellationToken = default)
    {
        RecurringJobId.Validate(recurringJobId);
        for (var attempt = 0; attempt < TriggerAttempts; attempt++)
        {
            var record = await _store.Queries.GetRecurringJobAsync(recurringJobId, cancellationToken).ConfigureAwait(false);
            if (record is null) return null;
            var job = new NewJob { Invocation = record.Invocation, Queue = record.Queue, State = JobState.Enqueued, Reason = $"Recurring job {record.Id} triggered" };
            // Fenced on the current NextRunAt, left as is: the schedule goes on, and a concurrent tick wins cleanly.
            var ids = await _store.FireRecurringJobAsync(new FireRecurringJobRequest(record.Id, record.NextRunAt, record.NextRunAt, _time.GetUtcNow(), [job]), cancellationToken).ConfigureAwait(false);
            if (ids is not null) return ids[0];
        }
        throw new InvalidOperationException($"Recurring job {recurringJobId} changed {TriggerAttempts} times while being triggered; try again.");
    }

    /// <inheritdoc />
    public Task<bool> RemoveIfExistsAsync(string recurringJobId, CancellationToken cancellationToken = default) =>
        _store.RemoveRecurringJobAsync(RecurringJobId.Validate(recurringJobId), cancellationToken);

    /// <inheritdoc />
    public Task<bool> PauseAsync(string recurringJobId, CancellationToken cancellationToken = default) =>
        _store.SetRecurringJobPausedAsync(new SetPausedRequest(RecurringJobId.Validate(recurringJobId), Paused: true), cancellationToken);

    /// <inheritdoc />
    public Task<bool> ResumeAsync(string recurringJobId, CancellationToken cancellationToken = default) =>
        _store.SetRecurringJobPausedAsync(new SetPausedRequest(RecurringJobId.Validate(recurringJobId), Paused: false), cancellationToken);
}
