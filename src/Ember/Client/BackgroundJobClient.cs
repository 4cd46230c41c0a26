using System.Collections.Frozen;
using System.Diagnostics;
using Ember.Filters;
using Ember.Invocations;
using Ember.States;
using Ember.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember;

/// <summary>The <see cref="IBackgroundJobClient"/> over a store (<see cref="IJobClientStore"/>: every <see cref="IJobStore"/> is one). Thread-safe; one per application.</summary>
public sealed class BackgroundJobClient : IBackgroundJobClient
{
    private static readonly IReadOnlyList<JobState> RequeueSources = JobStateTransitions.SourcesOf(JobState.Enqueued);
    private static readonly IReadOnlyList<JobState> DeleteSources = JobStateTransitions.SourcesOf(JobState.Deleted);
    private static readonly IReadOnlyList<JobState> RescheduleSources = JobStateTransitions.SourcesOf(JobState.Scheduled);
    private readonly IJobClientStore _store;
    private readonly EmberOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a client.</summary>
    /// <param name="store">Where jobs are stored.</param>
    /// <param name="options">Shared options; defaults when null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="logger">Logs each job created at Debug level.</param>
    public BackgroundJobClient(IJobClientStore store, EmberOptions? options = null, TimeProvider? timeProvider = null, ILogger<BackgroundJobClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new EmberOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> CreateAsync(IReadOnlyList<CreateJobRequest> jobs, CancellationToken cancellationToken = default) =>
        CreateCoreAsync(jobs, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<EnqueueResult>> CreateJobsAsync(IReadOnlyList<CreateJobRequest> jobs, CancellationToken cancellationToken = default)
    {
        var ids = await CreateCoreAsync(jobs, cancellationToken).ConfigureAwait(false);
        var created = ids as CreateJobsResult; // what the store answered
        var results = new EnqueueResult[ids.Count];
        for (var i = 0; i < results.Length; i++) results[i] = new EnqueueResult(ids[i], created?.IsExisting(i) == true);
        return results;
    }

    // One async method from the request to the ids (the steps below complete synchronously when nothing waits): every
    // job an application enqueues one at a time goes through here.
    private async Task<IReadOnlyList<string>> CreateCoreAsync(IReadOnlyList<CreateJobRequest> jobs, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(jobs).ConfigureAwait(false);
        var ids = await StoreAsync(prepared.Jobs, (prepared.Jobs, cancellationToken),
            static (store, s) => store.CreateJobsAsync(new CreateJobsRequest(s.Jobs), s.cancellationToken), static ids => ids).ConfigureAwait(false);
        await CreatedAsync(prepared, ids).ConfigureAwait(false);
        return ids;
    }

    /// <summary>The jobs of requests as the store takes them, with what their filters need once they are stored.</summary>
    internal sealed record PreparedJobs(IReadOnlyList<CreateJobRequest> Requests, NewJob[] Jobs, JobFilters[] Filters, CreatingContext?[] Contexts);

    /// <summary>Everything before the store call: checks, client filters, serialization, first state, culture.</summary>
    internal async ValueTask<PreparedJobs> PrepareAsync(IReadOnlyList<CreateJobRequest> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var newJobs = new NewJob[jobs.Count];
        var filters = new JobFilters[jobs.Count];
        var contexts = new CreatingContext?[jobs.Count];
        for (var i = 0; i < newJobs.Length; i++)
        {
            var request = jobs[i] ?? throw new ArgumentException("A job request is null.", nameof(jobs));
            ArgumentNullException.ThrowIfNull(request.Job, nameof(jobs));
            if (request.ParentId is not null) ArgumentException.ThrowIfNullOrWhiteSpace(request.ParentId, nameof(jobs));
            if (request.ParentIds is not null) request = WithParents(request);
            filters[i] = JobFilters.For(request.Job, _options.Filters);
            var queue = request.Queue is null ? QueueAttribute.Of(request.Job) ?? _options.DefaultQueue : QueueName.Validate(request.Queue, "Queue");
            var enqueueAt = EnqueueTime(request);
            if (await CreationFilters.CreatingAsync(filters[i], request.Job, queue, enqueueAt, request.ParentId, _options).ConfigureAwait(false) is { } context)
            {
                contexts[i] = context;
                queue = QueueName.Validate(context.Queue, "Queue set by a client filter");
                enqueueAt = context.EnqueueAt;
            }
            var concurrency = request.Concurrency ?? ConcurrencyKeyAttribute.Of(request.Job) ?? DisableConcurrentExecutionAttribute.Of(filters[i], request.Job);
            concurrency?.Validate();
            var unique = request.Unique ?? UniqueJobAttribute.Of(request.Job);
            unique?.Validate();
            // Built whole, once: a job enqueued on its own is one NewJob, not a copy per option.
            var continuation = request.ParentId is not null;
            var job = new NewJob
            {
                Invocation = Invocation.Serialize(request.Job, _options.SerializerOptions, captureCulture: _options.CaptureCulture || filters[i].CapturesCulture),
                Queue = queue,
                State = continuation ? JobState.Awaiting : enqueueAt is null ? JobState.Enqueued : JobState.Scheduled,
                ScheduledAt = continuation ? null : enqueueAt,
                ParentId = request.ParentId,
                ParentIds = request.ParentIds,
                ContinuationOptions = continuation ? request.ContinuationOptions : JobContinuationOptions.OnlyOnSucceededState,
                ExpireAtIfDeleted = continuation ? _time.GetUtcNow() + _options.JobExpiration : null,
                Parameters = ParametersOf(request, contexts[i]),
                Concurrency = concurrency,
                Unique = unique,
            };
            newJobs[i] = await CreationFilters.ElectAsync(filters[i], request.Job, job).ConfigureAwait(false);
        }
        return new PreparedJobs(jobs, newJobs, filters, contexts);
    }

    /// <summary>
    /// The store call that creates <paramref name="jobs"/>, in a publish span that they join. Without a listener or an
    /// ambient trace there is neither a span to open nor a trace to carry: the store's own task is returned.
    /// </summary>
    internal Task<TResult> StoreAsync<TState, TResult>(NewJob[] jobs, TState state, Func<IJobClientStore, TState, Task<TResult>> create, Func<TResult, IReadOnlyList<string>> ids)
    {
        if (Activity.Current is null && !EmberDiagnostics.ActivitySource.HasListeners()) return create(_store, state);
        return TracedStoreAsync(jobs, state, create, ids);
    }

    private async Task<TResult> TracedStoreAsync<TState, TResult>(NewJob[] jobs, TState state, Func<IJobClientStore, TState, Task<TResult>> create, Func<TResult, IReadOnlyList<string>> ids)
    {
        using var activity = JobActivities.StartPublish(jobs);
        WithTraceContext(jobs, activity ?? Activity.Current);
        TResult result;
        try
        {
            result = await create(_store, state).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message).SetTag(EmberTags.ErrorType, ex.GetType().FullName);
            throw;
        }
        JobActivities.Published(activity, ids(result));
        return result;
    }

    /// <summary>Everything after the store call: metrics, logs, and the created filters of each job.</summary>
    internal async Task CreatedAsync(PreparedJobs prepared, IReadOnlyList<string> ids)
    {
        var newJobs = prepared.Jobs;
        var unique = ids as CreateJobsResult; // a batch's ids are all new
        for (var i = 0; i < ids.Count; i++)
        {
            // A job that already existed was created (and counted, logged, announced to filters) by its first enqueue.
            if (unique?.IsExisting(i) == true)
            {
                if (_logger.IsEnabled(LogLevel.Debug)) Log.UniqueJobExisted(_logger, ids[i], prepared.Requests[i].Job.ToString(), newJobs[i].Unique!.Key);
                continue;
            }
            if (JobMetrics.Enqueued.Enabled)
                JobMetrics.Enqueued.Add(1, new(EmberTags.Destination, newJobs[i].Queue), new(EmberTags.State, newJobs[i].State.ToString()));
            if (_logger.IsEnabled(LogLevel.Debug)) Log.JobCreated(_logger, ids[i], prepared.Requests[i].Job.ToString(), newJobs[i].State, newJobs[i].Queue);
            await CreationFilters.CreatedAsync(prepared.Filters[i], prepared.Contexts[i], ids[i], prepared.Requests[i].Job, newJobs[i], _logger).ConfigureAwait(false);
        }
    }

    /// <summary>The store this client writes to.</summary>
    internal IJobClientStore Store => _store;

    /// <summary>When something finished now may be pruned: now plus <see cref="EmberOptions.JobExpiration"/>.</summary>
    internal DateTimeOffset FinishedExpireAt => _time.GetUtcNow() + _options.JobExpiration;

    // A fan-in request as the store takes it: ParentId is the first parent, ParentIds all of them (when more than one).
    private static CreateJobRequest WithParents(CreateJobRequest request)
    {
        var parents = request.ParentIds!;
        if (request.ParentId is not null)
            throw new ArgumentException("A job request names its parents either with ParentId (one) or ParentIds (several), not both.", nameof(request));
        if (parents.Count == 0)
            throw new ArgumentException("A continuation of several parents needs at least one parent id in ParentIds.", nameof(request));
        foreach (var parent in parents) ArgumentException.ThrowIfNullOrWhiteSpace(parent, nameof(request));
        if (parents.Distinct(StringComparer.Ordinal).Count() != parents.Count)
            throw new ArgumentException($"ParentIds names a parent twice ({string.Join(", ", parents)}): name each parent once.", nameof(request));
        return request with { ParentId = parents[0], ParentIds = parents.Count == 1 ? null : parents };
    }

    // The parameters a new job is stored with: those a client filter set, then the timeout and the rate limits (each
    // added only when the job has it); null for most jobs. The cultures go with the invocation instead.
    private static Dictionary<string, string>? ParametersOf(CreateJobRequest request, CreatingContext? context)
    {
        var rateLimits = request.RateLimits ?? RateLimitAttribute.Of(request.Job);
        if (context?.Parameters is not { Count: > 0 } && request.Timeout is null && rateLimits is null) return null;
        var parameters = context?.Parameters is { Count: > 0 } set ? new Dictionary<string, string>(set, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Timeout is { } timeout) parameters[JobTimeouts.Parameter] = JobTimeouts.Write(timeout);
        if (rateLimits is not null) parameters[RateLimitParameter.Name] = RateLimitParameter.Write(rateLimits);
        return parameters;
    }

    // The trace the jobs were created in goes with them, so that their runs join it (see TraceContext).
    private static void WithTraceContext(NewJob[] jobs, Activity? creation)
    {
        if (creation is null || TraceContext.Serialize(creation) is not { } trace) return;
        // Jobs without parameters of their own share one frozen set holding the trace, stored as one JSON text
        // (StoredValues.ParametersJson).
        FrozenDictionary<string, string>? onlyTrace = null;
        for (var i = 0; i < jobs.Length; i++)
        {
            jobs[i] = jobs[i] with
            {
                Parameters = jobs[i].Parameters is { } given ? WithTrace(given, trace) : onlyTrace ??= WithTrace(null, trace).ToFrozenDictionary(StringComparer.Ordinal),
            };
        }
    }

    private static Dictionary<string, string> WithTrace(IReadOnlyDictionary<string, string>? given, string trace)
    {
        var parameters = given is null ? new Dictionary<string, string>(1, StringComparer.Ordinal) : new Dictionary<string, string>(given, StringComparer.Ordinal);
        parameters[EmberDiagnostics.TraceContextParameter] = trace;
        return parameters;
    }

    private DateTimeOffset? EnqueueTime(CreateJobRequest request)
    {
        if (request.Delay is not { } delay) return request.EnqueueAt;
        if (request.EnqueueAt is not null) throw new ArgumentException("Give a job either EnqueueAt or Delay, not both.", nameof(request));
        return ScheduleDelay.DueTime(_time.GetUtcNow(), delay, nameof(delay));
    }

    /// <inheritdoc />
    public Task<bool> RequeueAsync(string jobId, CancellationToken cancellationToken = default) =>
        ChangeAsync(jobId, StateChange.Enqueued(HistoryKind.RequeuedByUser), RequeueSources, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default) =>
        ChangeAsync(jobId, StateChange.Deleted(HistoryKind.DeletedByUser, _time.GetUtcNow() + _options.JobExpiration), DeleteSources, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ChangeStateAsync(string jobId, IState state, string? expectedState = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var now = _time.GetUtcNow();
        var (change, sources) = state switch
        {
            EnqueuedState { Queue: { } queue } => throw new ArgumentException($"Ember requeues a job on its own queue, so ChangeState takes an EnqueuedState without a queue (not '{queue}'); to run the job on another queue, create a new job there.", nameof(state)),
            EnqueuedState => (StateChange.Enqueued(HistoryKind.RequeuedByUser, reason: state.Reason), RequeueSources),
            ScheduledState scheduled => (StateChange.Scheduled(HistoryKind.RescheduledByUser, scheduled.At ?? ScheduleDelay.DueTime(now, scheduled.Delay!.Value, nameof(state)), state.Reason), RescheduleSources),
            DeletedState => (StateChange.Deleted(HistoryKind.DeletedByUser, now + _options.JobExpiration, state.Reason), DeleteSources),
            _ => throw new ArgumentException($"Only servers move a job to {state.Name}; a client moves it to Enqueued (EnqueuedState: requeue), Scheduled (ScheduledState: reschedule) or Deleted (DeletedState).", nameof(state)),
        };
        return ChangeAsync(jobId, change, ClientStates.Narrow(sources, expectedState), cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> RequeueManyAsync(IEnumerable<string> jobIds, CancellationToken cancellationToken = default) =>
        ChangeManyAsync(jobIds, StateChange.Enqueued(HistoryKind.RequeuedByUser), RequeueSources, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteManyAsync(IEnumerable<string> jobIds, CancellationToken cancellationToken = default) =>
        ChangeManyAsync(jobIds, StateChange.Deleted(HistoryKind.DeletedByUser, _time.GetUtcNow() + _options.JobExpiration), DeleteSources, cancellationToken);

    /// <summary>How many ids one store call of <see cref="RequeueManyAsync"/> or <see cref="DeleteManyAsync"/> takes: a
    /// transaction short enough not to hold up the servers' own writes for long.</summary>
    internal const int ManyBatchSize = 1_000;

    private async Task<int> ChangeManyAsync(IEnumerable<string> jobIds, StateChange change, IReadOnlyList<JobState> from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var ids = jobIds.Distinct(StringComparer.Ordinal).ToArray();
        // Checked before the first batch, so that a bad id changes nothing rather than half of the jobs.
        foreach (var id in ids) ArgumentException.ThrowIfNullOrWhiteSpace(id, nameof(jobIds));
        var changed = 0;
        foreach (var batch in ids.Chunk(ManyBatchSize))
        {
            changed += await _store.ChangeStatesAsync(new ChangeStatesRequest(batch, change, from), cancellationToken).ConfigureAwait(false);
        }
        if (changed > 0) Log.JobsStateChanged(_logger, changed, change.State, change.Reason ?? change.Kind.ToString());
        return changed;
    }

    private async Task<bool> ChangeAsync(string jobId, StateChange change, IReadOnlyList<JobState> from, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        if (from.Count == 0) return false;
        var changed = await _store.ChangeStateAsync(new ChangeStateRequest(jobId, change, from), cancellationToken).ConfigureAwait(false);
        if (changed) Log.JobStateChanged(_logger, jobId, change.State, change.Reason ?? change.Kind.ToString());
        return changed;
    }
}
