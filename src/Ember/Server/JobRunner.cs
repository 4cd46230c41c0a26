using System.Diagnostics;
using Ember.Invocations;
using Ember.Retry;
using Ember.Storage;

namespace Ember.Server;

/// <summary>Runs one fetched job and decides its outcome: the state change to write, or none when the lease was lost.</summary>
internal sealed class JobRunner(InvocationBinder binder, JobActivator activator, RetryPolicy retry, EmberOptions options, ServerContext server)
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
                State = JobState.Failed, ServerId = server.Id, Duration = Elapsed(started),
                Reason = $"Could not load the job: {ex.Message}",
                Error = JobError.From(ex as JobLoadException ?? new JobLoadException(ex.Message, ex)),
            }, activity);
        }

        activity?.SetTag("ember.job.method", job.ToString());
        Log.JobStarted(server.Logger, fetched.Id, server.Name, fetched.Attempt, job.ToString());
        try
        {
            var scope = activator.BeginScope();
            await using (scope.ConfigureAwait(false))
                await JobPerformer.PerformAsync(job, scope, running.Token).ConfigureAwait(false);
            return Outcome(fetched, new StateChange
            {
                State = JobState.Succeeded, ExpireAt = server.Time.GetUtcNow() + options.JobExpiration, ServerId = server.Id,
                Duration = Elapsed(started), Reason = $"Succeeded on {server.Name}",
            }, activity);
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
            var failure = running.TimedOut && ex is OperationCanceledException
                ? new TimeoutException($"The job ran longer than its timeout of {server.Options.JobTimeout} and was cancelled.", ex)
                : ex;
            return Outcome(fetched, retry.OnFailure(job, fetched.Attempt, failure, server.Time.GetUtcNow(), server.Id, Elapsed(started)), activity, failure);
        }
    }

    private StateChange Outcome(FetchedJob fetched, StateChange change, Activity? activity, Exception? exception = null)
    {
        if (Storage.ContinuationRules.Finishes(change.State))
            change = change with { ContinuationsExpireAt = server.Time.GetUtcNow() + options.JobExpiration };
        var durationMs = (long)(change.Duration ?? TimeSpan.Zero).TotalMilliseconds;
        if (change.State == JobState.Succeeded) Log.JobSucceeded(server.Logger, fetched.Id, durationMs);
        else if (change.State == JobState.Scheduled) Log.JobWillRetry(server.Logger, fetched.Id, durationMs, change.Reason);
        else if (change.Error is not null) Log.JobFailed(server.Logger, fetched.Id, change.State, durationMs, change.Reason, exception);
        activity?.SetTag("ember.job.outcome", change.State.ToString());
        if (change.Error is not null) activity?.SetStatus(ActivityStatusCode.Error, change.Error.Message);
        EmberDiagnostics.JobsProcessed.Add(1, new KeyValuePair<string, object?>("ember.job.outcome", change.State.ToString()));
        EmberDiagnostics.JobDuration.Record(durationMs);
        return change;
    }

    private TimeSpan Elapsed(long started) => server.Time.GetElapsedTime(started);
}
