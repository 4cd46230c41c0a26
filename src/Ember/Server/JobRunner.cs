using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Ember.Filters;
using Ember.Invocations;
using Ember.Retry;
using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// Runs one fetched job and decides its outcome: the state change to write, or none when the lease was lost. Read
/// <see cref="RunAsync"/> as the table of contents: load the job, check the runs it has spent, perform it inside the
/// server filters, turn a failure into a retry (or the end), let elect-state filters have the last word, and finish
/// (log, trace, count). Apply-state filters run once the outcome is stored (see <see cref="CompletionWriter"/>).
/// </summary>
internal sealed class JobRunner(InvocationBinder binder, JobActivator activator, RetryPolicy retry, EmberOptions options, IJobStore store, ServerContext server, ApplyStateFilterRunner applyStateFilters)
{
    private readonly RunPermits _permits = new(store, server);

    public async Task<StateChange?> RunAsync(RunningJob running)
    {
        var started = server.Time.GetTimestamp();
        var run = new RunArguments(running, store, options, server);
        // Started here, not in an async helper: Activity.Current set inside one would not flow back to the job.
        var (creation, baggage) = await CreationContextAsync(run).ConfigureAwait(false);
        using var activity = EmberDiagnostics.ActivitySource.HasListeners() ? JobActivities.StartProcess(running.Fetched, server.Id, creation, baggage) : null;
        JobMetrics.WorkerBusy();
        try
        {
            var attempt = await AttemptAsync(running, run).ConfigureAwait(false);
            // A run that ended before its rate limits were asked (a job that can't be loaded, out of interruptions) counts as started, as it always has.
            if (attempt is not { Change.Kind: HistoryKind.RateLimited }) RecordStart(running);
            // What the job reported and hasn't been written yet goes first: the outcome ends the lease that fences it.
            if (run.HasReport) await run.Report.FlushAsync().ConfigureAwait(false);
            if (attempt is not { } outcome) return null;
            var change = outcome.Elect ? await ElectAsync(running, outcome.Change, outcome.Failure).ConfigureAwait(false) : outcome.Change;
            return Finish(running.Fetched, change with { ServerId = server.Id, Duration = server.Time.GetElapsedTime(started) }, activity, outcome.Failure);
        }
        finally
        {
            JobMetrics.WorkerFree();
        }
    }

    // Once per run, when it gets past its rate limits: a run a rate limit puts off never started (ember.jobs.rate_limited).
    private void RecordStart(RunningJob running)
    {
        if (running.StartRecorded) return;
        running.StartRecorded = true;
        var fetched = running.Fetched;
        var queue = new KeyValuePair<string, object?>(EmberTags.Destination, fetched.Queue);
        JobMetrics.Started.Add(1, queue);
        // From creation, on the first run only: a retry's wait is its own delay, not the queue's.
        if (fetched.Attempt == 1 && JobMetrics.Wait.Enabled) JobMetrics.Wait.Record(Math.Max(0, (server.Time.GetUtcNow() - fetched.CreatedAt).TotalSeconds), queue);
    }

    // What the run comes to before elect-state filters: null when the lease was lost (the store expects no outcome).
    private async Task<Attempt?> AttemptAsync(RunningJob running, RunArguments run)
    {
        if (Load(running) is { } unloadable) return unloadable;
        if (await PrepareAsync(run).ConfigureAwait(false) is { } unprepared) return unprepared;
        var job = running.Job!;
        var spent = await SpentRunsAsync(running.Fetched).ConfigureAwait(false);
        if (spent.LastInterrupted && retry.AfterInterruption(job, spent.Interruptions, server.Time.GetUtcNow()) is { } ended)
            return new Attempt(ended.Outcome, ended.Error, Elect: true);
        if (await RateLimitedAsync(running, run, spent).ConfigureAwait(false) is { } limited) return limited;
        RecordStart(running);
        if (await ProcessingAsync(running).ConfigureAwait(false) is { } instead) return instead;
        LogStart(running);
        try
        {
            var (chosen, result) = await PerformAsync(running, job, run).ConfigureAwait(false);
            return new Attempt(chosen ?? Succeeded(job, result), null, Elect: true);
        }
        catch (Exception) when (running.LeaseLost)
        {
            Log.JobLeaseLost(server.Logger, running.Fetched.Id);
            return null;
        }
        catch (RatePermitRefusedException refused)
        {
            // Put off on its doorstep (RunPermits.ConfirmAsync): counted as started, as it got past its first check.
            return new Attempt(refused.Change, null, Elect: false);
        }
        catch (OperationCanceledException) when (running.ServerShuttingDown)
        {
            Log.JobHandedBack(server.Logger, running.Fetched.Id, server.Name);
            return new Attempt(StateChange.Enqueued(HistoryKind.HandedBack, server.Id), null, Elect: false);
        }
        catch (SnoozeJobException snooze)
        {
            // No error on the entry: a snooze spends no retry (SpentRuns counts entries with errors).
            return new Attempt(StateChange.Scheduled(HistoryKind.Snoozed, server.Time.GetUtcNow() + snooze.Delay, snooze.Reason), null, Elect: true);
        }
        catch (CancelJobException cancel)
        {
            return new Attempt(StateChange.Deleted(HistoryKind.CancelledByJob, ExpireAt(), cancel.Message), null, Elect: true);
        }
        catch (Exception ex)
        {
            var failure = running.TimedOut && ex is OperationCanceledException
                ? new TimeoutException($"The job ran longer than its timeout of {running.TimeLimit} and was cancelled.", ex)
                : ex;
            return new Attempt(retry.OnFailure(job, spent.Failures + 1, failure, server.Time.GetUtcNow()), failure, Elect: true);
        }
    }

    // Retrying can't bring a type back: a job that can't be loaded fails at once, kept so it can be requeued after a fix.
    private Attempt? Load(RunningJob running)
    {
        try
        {
            var invocation = Invocation.Parse(running.Fetched.Invocation);
            var job = binder.Bind(invocation);
            running.Attach(job, JobFilters.For(job, options.Filters), new Culture.CapturedCulture(invocation.Culture, invocation.UICulture));
            if (JobTimeouts.For(job, running.Fetched.Parameters, server.Options.JobTimeout) is { } limit) running.LimitTo(limit);
            return null;
        }
        catch (Exception ex)
        {
            var error = JobError.From(ex as JobLoadException ?? new JobLoadException(ex.Message, ex));
            return new Attempt(StateChange.Failed(HistoryKind.Failed, error, $"Could not load the job: {ex.Message}", ExpireAt()), null, Elect: false);
        }
    }

    // The run takes a permit of each of its rate limits just before it starts (starts are what a limit counts), unless
    // it took them when it was claimed (ClaimPermits) and they are still good; one refused puts the job off until the
    // limit allows it, as a snooze does, spending no retry. A store that can't be asked fails the run as any failure
    // does (retried); limits that can't be read can't be fixed by retrying.
    private async Task<Attempt?> RateLimitedAsync(RunningJob running, RunArguments run, SpentRuns spent)
    {
        if (running.RateRefusal is { } refusal) return new Attempt(refusal, null, Elect: false);
        if (running.RateLimits is not null && running.RatePermitUntil is { } until && RatePermitHolds.Usable(until, server.Time.GetUtcNow())) return null;
        RateLimitOptions[]? limits;
        RatePermitResult permit;
        try
        {
            var parameters = running.Fetched.Parameters ?? await run.Report.ParametersAsync().ConfigureAwait(false);
            try
            {
                limits = RatePermits.Of(running.Job!, parameters);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                return new Attempt(StateChange.Failed(HistoryKind.Failed, JobError.From(ex), $"Could not read the job's rate limits: {ex.Message}", ExpireAt()), null, Elect: false);
            }
            if (limits is null) return null;
            permit = await _permits.TakeAsync(running, limits).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new Attempt(retry.OnFailure(running.Job!, spent.Failures + 1, ex, server.Time.GetUtcNow()), ex, Elect: true);
        }
        return permit.RefusedBy is { } refused
            ? new Attempt(RatePermits.Refused(limits[refused], permit.RetryAt), null, Elect: false)
            : null;
    }

    // A continuation's [FromResult]/[FromException] values are read before it runs: a parent that can't give them
    // fails the job at once, as a job that can't be loaded does (retrying can't change the parent's result).
    private async Task<Attempt?> PrepareAsync(RunArguments run)
    {
        try
        {
            await run.PrepareAsync().ConfigureAwait(false);
            return null;
        }
        catch (JobLoadException ex)
        {
            return new Attempt(StateChange.Failed(HistoryKind.Failed, JobError.From(ex), ex.Message, ExpireAt()), null, Elect: false);
        }
    }

    // The store moved the job to Processing when it was claimed; its filters see that transition now, as Hangfire's see
    // theirs: elect-state filters may choose another state instead of running it (their choice is final), and
    // apply-state filters observe Processing. Nothing is done for a job without such filters.
    private async ValueTask<Attempt?> ProcessingAsync(RunningJob running)
    {
        var filters = running.Filters;
        if (filters.Elect.Length == 0 && filters.Apply.Length == 0) return null;
        var processing = StateChange.Processing(server.Id);
        if (filters.Elect.Length > 0)
        {
            StateChange elected;
            try
            {
                elected = await filters.ElectAsync(running.Fetched.Id, running.Job!, processing, null).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                return new Attempt(StateChange.Failed(HistoryKind.ChosenByFilter, JobError.From(ex), $"An elect-state filter failed: {ex.Message}", ExpireAt()), ex, Elect: false);
            }
            if (elected.State != JobState.Processing)
            {
                if (!JobStateTransitions.IsAllowed(JobState.Processing, elected.State) || (elected.State == JobState.Scheduled && elected.ScheduledAt is null))
                {
                    var error = new InvalidOperationException($"An elect-state filter chose {elected.State}{(elected.State == JobState.Scheduled ? " without ScheduledAt" : "")} instead of Processing, which a claimed job can't move to.");
                    return new Attempt(StateChange.Failed(HistoryKind.ChosenByFilter, JobError.From(error), error.Message, ExpireAt()), error, Elect: false);
                }
                return new Attempt((elected with { Kind = HistoryKind.ChosenByFilter }).WithExpiryFilled(ExpireAt()), null, Elect: false);
            }
        }
        await applyStateFilters.RunAsync(running, processing).ConfigureAwait(false);
        return null;
    }

    // Runs the method inside the server filters. Returns the outcome a filter chose instead of running it (or null
    // when the method ran) and what the method returned; rethrows the method's exception unless a filter handled it.
    private async Task<(StateChange? Chosen, object? Result)> PerformAsync(RunningJob running, Job job, RunArguments run)
    {
        var filters = running.Filters;
        using var culture = Culture.JobCulture.Enter(running.Culture, await CultureParametersAsync(running, run).ConfigureAwait(false), running.Fetched.Id, server.Logger);
        var performing = new PerformingContext(running.Fetched.Id, job, running.Fetched.Attempt, running.Fetched.LeaseToken, store, server.Time, run, running.Token);
        try
        {
            return await PerformInServerFiltersAsync(running, performing, job, run).ConfigureAwait(false);
        }
        catch (Exception ex) when (filters.ServerException.Length > 0 && !running.Token.IsCancellationRequested && ex is not RatePermitRefusedException)
        {
            var context = new ServerExceptionContext(performing, ex);
            foreach (var filter in filters.ServerException.Reverse()) await filter.OnServerExceptionAsync(context).ConfigureAwait(false);
            if (!context.ExceptionHandled) throw;
            return (null, null);
        }
    }

    // The run's rate permit is confirmed on the method's doorstep, after the filters and the job's activation.
    private async Task<(StateChange? Chosen, object? Result)> PerformInServerFiltersAsync(RunningJob running, PerformingContext performing, Job job, RunArguments run)
    {
        var filters = running.Filters;
        foreach (var filter in filters.Server)
        {
            await filter.OnPerformingAsync(performing).ConfigureAwait(false);
            if (performing.Outcome is { } chosen) return (chosen, null);
        }

        Exception? exception = null;
        object? result = null;
        try
        {
            var scope = activator.BeginScope();
            await using (scope.ConfigureAwait(false))
                result = await JobPerformer.PerformAsync(job, scope, run, running.RateLimits is null ? null : () => _permits.ConfirmAsync(running)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            exception = ex;
        }
        if (filters.Server.Length > 0)
        {
            var performed = new PerformedContext(performing, exception, result);
            foreach (var filter in filters.Server.Reverse()) await filter.OnPerformedAsync(performed).ConfigureAwait(false);
            if (performed.ExceptionHandled && exception is not RatePermitRefusedException) exception = null;
        }
        if (exception is not null) ExceptionDispatchInfo.Throw(exception);
        return (null, result);
    }

    // Parameters may name cultures too: set by a client filter, or stored by a version that kept them there. The stores
    // give parameters with the claim; for one that doesn't, they are read only when the invocation carries no culture
    // and one may be there. A store that can't answer costs the run its culture, not its outcome.
    private async ValueTask<IReadOnlyDictionary<string, string>> CultureParametersAsync(RunningJob running, RunArguments run)
    {
        if (running.Fetched.Parameters is { } given) return given;
        if (running.Culture.IsCaptured || (!options.CaptureCulture && !running.Filters.CapturesCulture)) return System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;
        try
        {
            return await run.Report.ParametersAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.JobCultureNotRead(server.Logger, running.Fetched.Id, ex);
            return System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;
        }
    }

    // The result is kept as JSON when it fits EmberOptions.MaxResultLength; otherwise the Succeeded entry says why not.
    private StateChange Succeeded(Job job, object? result)
    {
        if (JobPerformer.ResultType(job.Method) is not { } type) return StateChange.Succeeded(ExpireAt());
        string json;
        try
        {
            json = System.Text.Json.JsonSerializer.Serialize(result, type, options.SerializerOptions);
        }
        catch (Exception ex) when (ex is NotSupportedException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return StateChange.Succeeded(ExpireAt()) with { Reason = $"Result not stored: {type.Name} can't be serialized to JSON ({ex.Message})" };
        }
        return json.Length <= options.MaxResultLength
            ? StateChange.Succeeded(ExpireAt(), json)
            : StateChange.Succeeded(ExpireAt()) with { Reason = $"Result not stored: {json.Length:N0} characters of JSON, over EmberOptions.MaxResultLength ({options.MaxResultLength:N0})" };
    }

    // Elect-state filters have the last word, within the transition table: a filter that throws or picks an
    // impossible state fails the job with that reason instead. What a filter chose gets the expiry its state needs.
    private async ValueTask<StateChange> ElectAsync(RunningJob running, StateChange candidate, Exception? failure)
    {
        try
        {
            var elected = await running.Filters.ElectAsync(running.Fetched.Id, running.Job!, candidate, failure).ConfigureAwait(false);
            if (!JobStateTransitions.IsAllowed(JobState.Processing, elected.State) || (elected.State == JobState.Scheduled && elected.ScheduledAt is null))
                throw new InvalidOperationException($"An elect-state filter chose {elected.State}{(elected.State == JobState.Scheduled ? " without ScheduledAt" : "")}, which a running job can't move to.");
            return elected.WithExpiryFilled(ExpireAt());
        }
        catch (Exception ex)
        {
            return StateChange.Failed(HistoryKind.ChosenByFilter, JobError.From(ex), $"An elect-state filter failed: {ex.Message}", ExpireAt());
        }
    }

    private StateChange Finish(FetchedJob fetched, StateChange change, Activity? activity, Exception? exception)
    {
        var durationMs = (long)(change.Duration ?? TimeSpan.Zero).TotalMilliseconds;
        var logger = server.Logger;
        if (change.State == JobState.Succeeded) Log.JobSucceeded(logger, fetched.Id, durationMs);
        else if (change.State == JobState.Scheduled && change.Error is not null) Log.JobWillRetry(logger, fetched.Id, durationMs, change.Reason);
        else if (change.Error is not null) Log.JobFailed(logger, fetched.Id, change.State, durationMs, change.Reason, exception);
        else Log.JobStateChanged(logger, fetched.Id, change.State, change.Reason ?? change.Kind.ToString());
        var outcome = JobOutcome.Of(change);
        activity?.SetTag(EmberTags.Outcome, outcome);
        if (change.Error is not null) activity?.SetStatus(ActivityStatusCode.Error, change.Error.Message).SetTag(EmberTags.ErrorType, change.Error.Type);
        if (change.Kind == HistoryKind.RateLimited)
        {
            // Not a run: it never started (and was never counted in ember.jobs.started).
            JobMetrics.RateLimited.Add(1, new KeyValuePair<string, object?>(EmberTags.Destination, fetched.Queue));
        }
        else if (JobMetrics.Processed.Enabled || JobMetrics.Duration.Enabled)
        {
            var tags = new TagList { { EmberTags.Destination, fetched.Queue }, { EmberTags.Outcome, outcome } };
            JobMetrics.Processed.Add(1, tags);
            JobMetrics.Duration.Record((change.Duration ?? TimeSpan.Zero).TotalSeconds, tags);
        }
        return change;
    }

    // The parameters (and so the enqueuer's trace context) are read only when someone listens: one read per run then,
    // shared with the job's own parameter reads. A store that can't answer costs the run its parent, not its outcome.
    private static async ValueTask<(ActivityContext, IEnumerable<KeyValuePair<string, string?>>?)> CreationContextAsync(RunArguments run)
    {
        if (!EmberDiagnostics.ActivitySource.HasListeners()) return default;
        try
        {
            return TraceContext.Read(await run.Report.ParametersAsync().ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return default; // traced as a root
        }
    }

    private void LogStart(RunningJob running)
    {
        Activity.Current?.SetTag(EmberTags.Method, running.Job!.ToString());
        // Checked first: building the job's name for a disabled log line costs a string per run.
        if (server.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
            Log.JobStarted(server.Logger, running.Fetched.Id, server.Name, running.Fetched.Attempt, running.Job!.ToString());
    }

    // The runs used up so far (failures against retries, interruptions against their allowance), read from the job's
    // history: one read per run of a job fetched before (a retry, rescue, hand-back or requeue; the rare paths) keeps
    // these counts out of the store contract. A first run has spent nothing. When the store can't be read, the start
    // count is the closest guess (it can only overcount), and the job is not held back.
    private async Task<SpentRuns> SpentRunsAsync(FetchedJob fetched)
    {
        if (fetched.Attempt <= 1) return default;
        try
        {
            return await store.Queries.GetJobAsync(fetched.Id).ConfigureAwait(false) is { } details ? SpentRuns.In(details.History) : default;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new SpentRuns(fetched.Attempt - 1, 0, LastInterrupted: false);
        }
    }

    private DateTimeOffset ExpireAt() => server.Time.GetUtcNow() + options.JobExpiration;

    /// <summary>What a run came to before elect-state filters, and whether they may change it.</summary>
    private readonly record struct Attempt(StateChange Change, Exception? Failure, bool Elect);
}
