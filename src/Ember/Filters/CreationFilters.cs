using Ember.Storage;
using Microsoft.Extensions.Logging;

namespace Ember.Filters;

/// <summary>
/// The filters of a job being created, wherever it is created: by the client (enqueue, schedule, continuation) or by a
/// server firing a recurring schedule. Client filters may change its queue, schedule and parameters and refuse it by
/// throwing; elect-state filters choose its first state; after the store took it, the "created" callbacks and the
/// apply-state filters observe it.
/// </summary>
internal static class CreationFilters
{
    /// <summary>Runs <see cref="IClientFilter.OnCreatingAsync"/>; null when the job has no client filters.</summary>
    public static async ValueTask<CreatingContext?> CreatingAsync(JobFilters filters, Job job, string queue, DateTimeOffset? enqueueAt, string? parentId, EmberOptions options)
    {
        if (filters.Client.Length == 0) return null;
        var context = new CreatingContext(job, queue, enqueueAt, parentId) { SerializerOptions = options.SerializerOptions };
        foreach (var filter in filters.Client) await filter.OnCreatingAsync(context).ConfigureAwait(false);
        return context;
    }

    /// <summary>Lets elect-state filters choose the first state, among those a new job may start in.</summary>
    public static async ValueTask<NewJob> ElectAsync(JobFilters filters, Job job, NewJob candidate)
    {
        if (filters.Elect.Length == 0) return candidate;
        var elected = await filters.ElectAsync(null, job, StateChange.Created(candidate), null).ConfigureAwait(false);
        var chosen = candidate with { State = elected.State, ScheduledAt = elected.ScheduledAt, Reason = elected.Reason };
        if (chosen.State == JobState.Awaiting != (chosen.ParentId is not null) || !JobStateTransitions.InitialStates.Contains(chosen.State))
            throw new InvalidOperationException($"An elect-state filter chose {chosen.State} for a new job; a new job may start Enqueued or Scheduled (or Awaiting, for a continuation only).");
        return chosen;
    }

    /// <summary>
    /// Runs <see cref="IClientFilter.OnCreatedAsync"/> (in reverse) and the apply-state filters of a stored job. The job
    /// is stored whatever an apply-state filter does: a failing one is logged, not turned into a failed enqueue.
    /// </summary>
    public static async Task CreatedAsync(JobFilters filters, CreatingContext? creating, string jobId, Job job, NewJob stored, ILogger logger)
    {
        if (creating is not null)
            foreach (var filter in filters.Client.Reverse()) await filter.OnCreatedAsync(new CreatedContext(creating, jobId)).ConfigureAwait(false);
        if (filters.Apply.Length == 0) return;
        try
        {
            var context = new ApplyStateContext(jobId, job, StateChange.Created(stored));
            foreach (var filter in filters.Apply) await filter.OnStateAppliedAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.ApplyStateFilterFailed(logger, jobId, ex);
        }
    }
}
