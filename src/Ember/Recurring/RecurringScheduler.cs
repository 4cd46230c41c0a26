using Ember.Filters;
using Ember.Invocations;
using Ember.Storage;
using Microsoft.Extensions.Logging;

namespace Ember.Recurring;

/// <summary>
/// Fires due recurring jobs. Every server runs it; each occurrence fires once because firing is a compare-and-set on
/// the job's NextRunAt. A recurring job that can't fire (its cron no longer parses, its type no longer loads) is
/// disabled with the reason, and the others go on. The jobs it creates pass through the client, elect-state and
/// apply-state filters as the client's do; a client filter that throws leaves the occurrence due, to try again at
/// the next poll.
/// </summary>
internal sealed class RecurringScheduler(IJobStore store, InvocationBinder binder, TimeProvider time, ILogger logger, EmberOptions? options = null)
{
    private readonly EmberOptions _options = options ?? new EmberOptions();

    private const int BatchSize = 100;
    private const int MaxRunsPerFiring = 1000;

    /// <summary>With <see cref="MisfireHandlingMode.Skip"/>, an occurrence later than this is a misfire, not a slow tick.</summary>
    internal static readonly TimeSpan MisfireThreshold = TimeSpan.FromMinutes(1);

    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        foreach (var recurring in await store.GetDueRecurringJobsAsync(new DueRecurringJobsRequest(BatchSize), cancellationToken).ConfigureAwait(false))
            if (await FireAsync(recurring, cancellationToken).ConfigureAwait(false)) fired++;
        return fired;
    }

    private async Task<bool> FireAsync(RecurringJobRecord recurring, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        CronSchedule schedule;
        Job job;
        try
        {
            schedule = CronSchedule.Parse(recurring.Cron, recurring.TimeZoneId);
            job = binder.Bind(recurring.Invocation);
        }
        catch (Exception ex) when (ex is ArgumentException or JobLoadException)
        {
            return await DisableAsync(recurring, ex.Message, cancellationToken).ConfigureAwait(false);
        }

        var due = recurring.NextRunAt!.Value;
        DateTimeOffset[] occurrences = [due, .. schedule.Between(due, now, MaxRunsPerFiring - 1)];
        var runs = recurring.Misfire switch
        {
            MisfireHandlingMode.RunAll => occurrences,
            MisfireHandlingMode.Skip => occurrences.Where(o => now - o <= MisfireThreshold).TakeLast(1),
            _ => occurrences.TakeLast(1),
        };
        var jobs = runs.Select(at => new NewJob
        {
            Invocation = recurring.Invocation, Queue = recurring.Queue, State = JobState.Enqueued,
            Reason = $"Recurring job {recurring.Id} ({recurring.Cron}) for {at:u}",
        }).ToArray();
        var filters = JobFilters.For(job, _options.Filters);
        var contexts = new CreatingContext?[jobs.Length];
        try
        {
            for (var i = 0; i < jobs.Length; i++) (jobs[i], contexts[i]) = await FilteredAsync(jobs[i], job, filters).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.RecurringJobRefusedByFilter(logger, recurring.Id, ex);
            return false;
        }
        var next = schedule.NextAfter(now);
        var ids = await store.FireRecurringJobAsync(new FireRecurringJobRequest(recurring.Id, due, next, occurrences[^1], jobs), cancellationToken).ConfigureAwait(false);
        if (ids is null) return false; // another server fired this occurrence first
        Log.RecurringJobFired(logger, recurring.Id, ids.Count, occurrences.Length, next);
        for (var i = 0; i < ids.Count; i++) await CreationFilters.CreatedAsync(filters, contexts[i], ids[i], job, jobs[i], logger).ConfigureAwait(false);
        return true;
    }

    // As the client does: client filters may move the job to another queue, schedule it or give it parameters.
    private async ValueTask<(NewJob, CreatingContext?)> FilteredAsync(NewJob newJob, Job job, JobFilters filters)
    {
        var context = await CreationFilters.CreatingAsync(filters, job, newJob.Queue, null, null, _options).ConfigureAwait(false);
        if (context is not null)
        {
            newJob = newJob with { Queue = QueueName.Validate(context.Queue, "Queue set by a client filter") };
            if (context.EnqueueAt is { } at) newJob = newJob with { State = JobState.Scheduled, ScheduledAt = at };
            if (context.Parameters is { Count: > 0 } parameters) newJob = newJob with { Parameters = parameters };
        }
        return (await CreationFilters.ElectAsync(filters, job, newJob).ConfigureAwait(false), context);
    }

    private async Task<bool> DisableAsync(RecurringJobRecord recurring, string reason, CancellationToken cancellationToken)
    {
        var error = $"{reason} Fix it and call AddOrUpdate again to re-enable it.";
        var disabled = await store.DisableRecurringJobAsync(new DisableRecurringJobRequest(recurring.Id, recurring.NextRunAt, error), cancellationToken).ConfigureAwait(false);
        if (disabled) Log.RecurringJobDisabled(logger, recurring.Id, error);
        return false;
    }
}
