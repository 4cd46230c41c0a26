using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Ember.Filters;
using Ember.Invocations;
using Ember.Retry;
using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// Runs one fetched job and decides its outcome: the state change to write, or none when the lease was lost. The
/// pipeline: load the job; server filters' OnPerforming; the method; OnPerformed in reverse; the retry policy for a
/// failure; elect-state filters. Apply-state filters run once the outcome is stored (see <see cref="CompletionWriter"/>).
/// </summary>
internal sealed class JobRunner(InvocationBinder binder, JobActivator activator, RetryPolicy retry, EmberOptions options, IJobStore store, ServerContext server)
{
    public async Task<StateChange?> RunAsync(RunningJob running)
    {
        var fetched = running.Fetched;
        var started = server.Time.GetTimestamp();
        using var activity = EmberDiagnostics.ActivitySource.StartActivity("ember.job.run", ActivityKind.Consumer);
        activity?.SetTag("ember.job.id", fetched.Id);
        activity?.SetTag("ember.job.queue", fetched.Queue);
        activity?.SetTag("ember.job.attempt", fetched.Attempt);

        Job job;
        try
        {
            job = binder.Bind(fetched.Invocation);
        }
        catch (Exception ex)
        {
            // Retrying can't bring a type back: fail at once, keeping the job so that it can be requeued after a fix.
            return Outcome(fetched, new StateChange
            {
                State = JobState.Failed, ServerId = server.Id, Duration = Elapsed(started), Reason = $"Could not load the job: {ex.Message}",
                Error = JobError.From(ex as JobLoadException ?? new JobLoadException(ex.Message, ex)),
            }, activity);
        }

        var filters = JobFilters.For(job, options.Filters);
        running.Attach(job, filters);
        // A first run has spent nothing; a later one may follow failures or interruptions.
        var spent = fetched.Attempt > 1 ? await SpentRunsAsync(fetched).ConfigureAwait(false) : default;
        if (spent.LastInterrupted && retry.AfterInterruption(job, spent.Interruptions, server.Time.GetUtcNow()) is { } ended)
        {
            var final = await ElectAsync(fetched.Id, job, filters, ended.Outcome, ended.Error).ConfigureAwait(false);
            return Outcome(fetched, final with { ServerId = server.Id, Duration = Elapsed(started) }, activity, ended.Error);
        }
        activity?.SetTag("ember.job.method", job.ToString());
        // Checked first: building the job's name for a disabled log line costs a string per run.
        if (server.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
            Log.JobStarted(server.Logger, fetched.Id, server.Name, fetched.Attempt, job.ToString());
        StateChange candidate;
        Exception? failure = null;
        try
        {
            candidate = await PerformAsync(running, job, filters).ConfigureAwait(false)
                ?? new StateChange { State = JobState.Succeeded, ExpireAt = server.Time.GetUtcNow() + options.JobExpiration, Reason = $"Succeeded on {server.Name}" };
        }
        catch (Exception) when (running.LeaseLost)
        {
            Log.JobLeaseLost(server.Logger, fetched.Id);
            return null;
        }
        catch (OperationCanceledException) when (running.ServerShuttingDown)
        {
            Log.JobHandedBack(server.Logger, fetched.Id, server.Name);
            return Outcome(fetched, new StateChange
            {
                State = JobState.Enqueued, ServerId = server.Id, Duration = Elapsed(started),
                Reason = $"Handed back: server {server.Name} shut down before the job finished",
            }, activity);
        }
        catch (Exception ex)
        {
            failure = running.TimedOut && ex is OperationCanceledException
                ? new TimeoutException($"The job ran longer than its timeout of {server.Options.JobTimeout} and was cancelled.", ex)
                : ex;
            candidate = retry.OnFailure(job, spent.Failures + 1, failure, server.Time.GetUtcNow(), server.Id, Elapsed(started));
        }

        var elected = await ElectAsync(fetched.Id, job, filters, candidate, failure).ConfigureAwait(false);
        return Outcome(fetched, elected with { ServerId = server.Id, Duration = Elapsed(started) }, activity, failure);
    }

    // Runs the method inside the server filters. Returns the outcome a filter chose instead of running it, or null
    // when the method ran; rethrows the method's exception unless a filter handled it.
    private async Task<StateChange?> PerformAsync(RunningJob running, Job job, JobFilters filters)
    {
        var performing = new PerformingContext(running.Fetched.Id, job, running.Fetched.Attempt, running.Fetched.LeaseToken, store, server.Time, running.Token);
        foreach (var filter in filters.Server)
        {
            await filter.OnPerformingAsync(performing).ConfigureAwait(false);
            if (performing.Outcome is { } chosen) return chosen;
        }

        Exception? exception = null;
        try
        {
            var scope = activator.BeginScope();
            await using (scope.ConfigureAwait(false))
                await JobPerformer.PerformAsync(job, scope, running.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            exception = ex;
        }
        if (filters.Server.Length > 0)
        {
            var performed = new PerformedContext(performing, exception);
            foreach (var filter in filters.Server.Reverse()) await filter.OnPerformedAsync(performed).ConfigureAwait(false);
            if (performed.ExceptionHandled) exception = null;
        }
        if (exception is not null) ExceptionDispatchInfo.Throw(exception);
        return null;
    }

    // Elect-state filters have the last word, within the transition table: a filter that throws or picks an
    // impossible state fails the job with that reason instead.
    private async ValueTask<StateChange> ElectAsync(string jobId, Job job, JobFilters filters, StateChange candidate, Exception? failure)
    {
        try
        {
            var elected = await filters.ElectAsync(jobId, job, candidate, failure).ConfigureAwait(false);
            if (!JobStateTransitions.IsAllowed(JobState.Processing, elected.State) || (elected.State == JobState.Scheduled && elected.ScheduledAt is null))
                throw new InvalidOperationException($"An elect-state filter chose {elected.State}{(elected.State == JobState.Scheduled ? " without ScheduledAt" : "")}, which a running job can't move to.");
            if (JobStateTransitions.IsFinal(elected.State) && elected.ExpireAt is null)
                elected = elected with { ExpireAt = server.Time.GetUtcNow() + options.JobExpiration };
            return elected;
        }
        catch (Exception ex)
        {
            return new StateChange { State = JobState.Failed, Error = JobError.From(ex), Reason = $"An elect-state filter failed: {ex.Message}" };
        }
    }

    private StateChange Outcome(FetchedJob fetched, StateChange change, Activity? activity, Exception? exception = null)
    {
        if (ContinuationRules.Finishes(change.State))
            change = change with { ContinuationsExpireAt = server.Time.GetUtcNow() + options.JobExpiration };
        var durationMs = (long)(change.Duration ?? TimeSpan.Zero).TotalMilliseconds;
        if (change.State == JobState.Succeeded) Log.JobSucceeded(server.Logger, fetched.Id, durationMs);
        else if (change.State == JobState.Scheduled && change.Error is not null) Log.JobWillRetry(server.Logger, fetched.Id, durationMs, change.Reason);
        else if (change.Error is not null) Log.JobFailed(server.Logger, fetched.Id, change.State, durationMs, change.Reason, exception);
        else Log.JobStateChanged(server.Logger, fetched.Id, change.State, change.Reason);
        activity?.SetTag("ember.job.outcome", change.State.ToString());
        if (change.Error is not null) activity?.SetStatus(ActivityStatusCode.Error, change.Error.Message);
        EmberDiagnostics.JobsProcessed.Add(1, new KeyValuePair<string, object?>("ember.job.outcome", change.State.ToString()));
        EmberDiagnostics.JobDuration.Record((change.Duration ?? TimeSpan.Zero).TotalSeconds);
        return change;
    }

    // The runs used up so far (failures against retries, interruptions against their allowance), read from the job's
    // history: one read per run of a job fetched before (a retry, rescue, hand-back or requeue; the rare paths) keeps
    // these counts out of the store contract. When the store can't be read, the start count is the closest guess (it
    // can only overcount), and the job is not held back.
    private async Task<SpentRuns> SpentRunsAsync(FetchedJob fetched)
    {
        try
        {
            return await store.Queries.GetJobAsync(fetched.Id).ConfigureAwait(false) is { } details ? SpentRuns.In(details.History) : default;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new SpentRuns(fetched.Attempt - 1, 0, LastInterrupted: false);
        }
    }

    private TimeSpan Elapsed(long started) => server.Time.GetElapsedTime(started);
}
