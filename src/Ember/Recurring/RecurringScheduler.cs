using Ember.Invocations;
using Ember.Storage;
using Microsoft.Extensions.Logging;

namespace Ember.Recurring;

/// <summary>
/// Fires due recurring jobs. Every server runs it; each occurrence fires once because firing is a compare-and-set on
/// the job's NextRunAt. A recurring job that can't fire (its cron no longer parses, its type no longer loads) is
/// disabled with the reason, and the others go on.
/// </summary>
internal sealed class RecurringScheduler(IJobStore store, InvocationBinder binder, TimeProvider time, ILogger logger)
{
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
        try
        {
            schedule = CronSchedule.Parse(recurring.Cron, recurring.TimeZoneId);
            binder.Bind(recurring.Invocation);
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
        var next = schedule.NextAfter(now);
        var ids = await store.FireRecurringJobAsync(new FireRecurringJobRequest(recurring.Id, due, next, occurrences[^1], jobs), cancellationToken).ConfigureAwait(false);
        if (ids is null) return false; // another server fired this occurrence first
        Log.RecurringJobFired(logger, recurring.Id, ids.Count, occurrences.Length, next);
        return true;
    }

    private async Task<bool> DisableAsync(RecurringJobRecord recurring, string reason, CancellationToken cancellationToken)
    {
        var error = $"{reason} Fix it and call AddOrUpdate again to re-enable it.";
        var disabled = await store.DisableRecurringJobAsync(new DisableRecurringJobRequest(recurring.Id, recurring.NextRunAt, error), cancellationToken).ConfigureAwait(false);
        if (disabled) Log.RecurringJobDisabled(logger, recurring.Id, error);
        return false;
    }
}
