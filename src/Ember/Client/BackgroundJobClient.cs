using Ember.Filters;
using Ember.Invocations;
using Ember.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember;

/// <summary>The <see cref="IBackgroundJobClient"/> over an <see cref="IJobStore"/>. Thread-safe; one per application.</summary>
public sealed class BackgroundJobClient : IBackgroundJobClient
{
    private static readonly IReadOnlyList<JobState> RequeueSources = JobStateTransitions.SourcesOf(JobState.Enqueued);
    private static readonly IReadOnlyList<JobState> DeleteSources = JobStateTransitions.SourcesOf(JobState.Deleted);
    private readonly IJobStore _store;
    private readonly EmberOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a client.</summary>
    /// <param name="store">Where jobs are stored.</param>
    /// <param name="options">Shared options; defaults when null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="logger">Logs each job created at Debug level.</param>
    public BackgroundJobClient(IJobStore store, EmberOptions? options = null, TimeProvider? timeProvider = null, ILogger<BackgroundJobClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new EmberOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> CreateAsync(IReadOnlyList<CreateJobRequest> jobs, CancellationToken cancellationToken = default)
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
            filters[i] = JobFilters.For(request.Job, _options.Filters);
            var queue = request.Queue is null ? QueueAttribute.Of(request.Job) ?? _options.DefaultQueue : QueueName.Validate(request.Queue, "Queue");
            var enqueueAt = EnqueueTime(request);
            if (await CreationFilters.CreatingAsync(filters[i], request.Job, queue, enqueueAt, request.ParentId, _options).ConfigureAwait(false) is { } context)
            {
                contexts[i] = context;
                queue = QueueName.Validate(context.Queue, "Queue set by a client filter");
                enqueueAt = context.EnqueueAt;
            }
            newJobs[i] = await InitialStateAsync(request, filters[i], Invocation.Serialize(request.Job, _options.SerializerOptions), queue, enqueueAt).ConfigureAwait(false);
            if (contexts[i]?.Parameters is { Count: > 0 } parameters) newJobs[i] = newJobs[i] with { Parameters = parameters };
            if (_options.CaptureCulture || filters[i].CapturesCulture) newJobs[i] = Culture.JobCulture.Capture(newJobs[i]);
        }

        var ids = await _store.CreateJobsAsync(new CreateJobsRequest(newJobs), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < ids.Count; i++)
        {
            if (_logger.IsEnabled(LogLevel.Debug)) Log.JobCreated(_logger, ids[i], jobs[i].Job.ToString(), newJobs[i].State, newJobs[i].Queue);
            await CreationFilters.CreatedAsync(filters[i], contexts[i], ids[i], jobs[i].Job, newJobs[i], _logger).ConfigureAwait(false);
        }
        return ids;
    }

    private DateTimeOffset? EnqueueTime(CreateJobRequest request)
    {
        if (request.Delay is not { } delay) return request.EnqueueAt;
        if (request.EnqueueAt is not null) throw new ArgumentException("Give a job either EnqueueAt or Delay, not both.", nameof(request));
        return ScheduleDelay.DueTime(_time.GetUtcNow(), delay, nameof(delay));
    }

    private async ValueTask<NewJob> InitialStateAsync(CreateJobRequest request, JobFilters filters, string invocation, string queue, DateTimeOffset? enqueueAt)
    {
        var job = (request.ParentId, enqueueAt) switch
        {
            ({ } parentId, _) => new NewJob
            {
                Invocation = invocation, Queue = queue, State = JobState.Awaiting, ParentId = parentId, ContinuationOptions = request.ContinuationOptions,
                ExpireAtIfDeleted = _time.GetUtcNow() + _options.JobExpiration,
            },
            (null, { } at) => new NewJob { Invocation = invocation, Queue = queue, State = JobState.Scheduled, ScheduledAt = at },
            _ => new NewJob { Invocation = invocation, Queue = queue, State = JobState.Enqueued },
        };
        return await CreationFilters.ElectAsync(filters, request.Job, job).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> RequeueAsync(string jobId, CancellationToken cancellationToken = default) =>
        ChangeAsync(jobId, StateChange.Enqueued(HistoryKind.RequeuedByUser), RequeueSources, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default) =>
        ChangeAsync(jobId, StateChange.Deleted(HistoryKind.DeletedByUser, _time.GetUtcNow() + _options.JobExpiration), DeleteSources, cancellationToken);

    private async Task<bool> ChangeAsync(string jobId, StateChange change, IReadOnlyList<JobState> from, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var changed = await _store.ChangeStateAsync(new ChangeStateRequest(jobId, change, from), cancellationToken).ConfigureAwait(false);
        if (changed) Log.JobStateChanged(_logger, jobId, change.State, change.Reason ?? change.Kind.ToString());
        return changed;
    }
}
