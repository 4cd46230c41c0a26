using System.Runtime.ExceptionServices;
using Ember.InMemory;
using Ember.Invocations;
using Ember.Recurring;
using Ember.Retry;
using Ember.Server;
using Ember.Storage;
using Microsoft.Extensions.Logging;

namespace Ember.Testing;

/// <summary>
/// Runs a store's pending jobs one at a time, oldest first, through the pieces a server uses: the store's fetch (a
/// lease, the attempt count), <see cref="JobRunner"/> (binder, activator scope, server filters, retry policy,
/// elect-state filters), and <see cref="CompletionWriter"/> (the outcome written under the lease, continuations
/// released by the store, apply-state filters). What it leaves out is the concurrency: no worker pool, no timers.
/// </summary>
internal sealed class InlineRunner
{
    // Long enough that no lease lapses while a test holds a job; within ServerOptions' 30-day limit for timers.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromDays(29);
    private readonly InMemoryJobStore _store;
    private readonly InvocationBinder _binder;
    private readonly JobRunner _runner;
    private readonly RecurringScheduler _recurring;
    private readonly FailureCapture _failures = new();
    private readonly ServerContext _server;
    private readonly TimeProvider _time;
    private readonly EmberTestingOptions _options;

    public InlineRunner(InMemoryJobStore store, EmberOptions emberOptions, EmberTestingOptions options, JobActivator activator, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        _store = store;
        _time = time;
        _options = options;
        var logger = loggerFactory?.CreateLogger("Ember.Testing") ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var serverOptions = new ServerOptions { ServerName = "ember-testing", WorkerCount = 1, LeaseDuration = LeaseDuration, Queues = ["default"] };
        _server = new ServerContext($"ember-testing:{Guid.NewGuid().ToString("N")[..8]}", "ember-testing", serverOptions, time, logger);
        _binder = new InvocationBinder(emberOptions.SerializerOptions);
        var runOptions = WithFailureCapture(emberOptions, _failures);
        _runner = new JobRunner(_binder, activator, new RetryPolicy(runOptions.Retry, runOptions.JobExpiration), runOptions, store, _server, new ApplyStateFilterRunner(_server));
        _recurring = new RecurringScheduler(store, _binder, time, logger, emberOptions);
    }

    public InvocationBinder Binder => _binder;

    /// <summary>Runs due jobs until none is left (new ones included); see <see cref="TestBackgroundJobClient.RunPendingAsync(CancellationToken)"/>.</summary>
    public async Task<JobRunSummary> RunPendingAsync(IReadOnlySet<string>? queues, CancellationToken cancellationToken)
    {
        var runs = new List<JobRun>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _store.EnqueueDueScheduledAsync(new EnqueueDueScheduledRequest(int.MaxValue), cancellationToken).ConfigureAwait(false);
            if (_options.FireDueRecurringJobs) await _recurring.FireDueAsync(cancellationToken).ConfigureAwait(false);
            if (OldestEnqueuedQueue(queues) is not { } queue) break;
            if (runs.Count >= _options.MaxRunsPerCall)
                throw new InvalidOperationException($"RunPending ran {runs.Count} jobs and more are still pending: a job probably enqueues itself (or a chain never ends). Raise EmberTestingOptions.MaxRunsPerCall if that many runs is what the test needs. The last runs:{Environment.NewLine}{new JobRunSummary(runs.TakeLast(10).ToArray())}");
            var fetched = await _store.FetchJobsAsync(new FetchJobsRequest(_server.Id, [queue], 1, LeaseDuration), cancellationToken).ConfigureAwait(false);
            foreach (var job in fetched)
            {
                var run = await RunAsync(job, cancellationToken).ConfigureAwait(false);
                runs.Add(run);
                if (run.Failed && _options.RethrowJobExceptions) ExceptionDispatchInfo.Capture(run.Exception!).Throw();
            }
        }
        return new JobRunSummary(runs);
    }

    private async Task<JobRun> RunAsync(FetchedJob fetched, CancellationToken cancellationToken)
    {
        var running = new RunningJob(fetched, _time.GetUtcNow() + LeaseDuration, _server, cancellationToken);
        StateChange? outcome;
        try
        {
            outcome = await _runner.RunAsync(running).ConfigureAwait(false);
        }
        catch
        {
            running.Dispose();
            throw;
        }
        if (outcome is null)
        {
            running.Dispose();
            throw new InvalidOperationException($"Job {fetched.Id} lost its lease while it ran: the clock was moved on by more than {LeaseDuration.TotalDays:0} days during the run, or the job was requeued or deleted while it ran.");
        }
        var job = running.Job;
        // One writer per run: written before the next job starts, so that a continuation released here runs next.
        var writer = new CompletionWriter(_store, new RunningJobs(), new ApplyStateFilterRunner(_server), _server);
        writer.Start(CancellationToken.None);
        writer.Add(running, outcome);
        await writer.FlushAndStopAsync().ConfigureAwait(false);
        running.Dispose();

        var invocation = JobText.TryParse(fetched.Invocation);
        var call = invocation is null ? fetched.Invocation : JobText.Call(job, invocation);
        var exception = _failures.Take(fetched.Id);
        if (outcome.Error is { } error && exception is null)
            exception = error.Type == typeof(JobLoadException).FullName
                ? new JobLoadException(error.Message)
                : new InvalidOperationException($"Job {fetched.Id} failed with {error.Type}: {error.Message}{Environment.NewLine}{error.Details}");
        return new JobRun(fetched.Id, fetched.Queue, fetched.Attempt, job, call, outcome, outcome.Error is null ? null : exception);
    }

    // Oldest first across queues, by creation (the store's ids), as the in-memory store fetches within a queue: a
    // released continuation runs before jobs created after it, whichever queue they are on.
    private string? OldestEnqueuedQueue(IReadOnlySet<string>? queues) => _store.Read(view =>
    {
        string? queue = null;
        var oldest = long.MaxValue;
        foreach (var (name, ids) in view.EnqueuedByQueue)
        {
            if (ids.Count == 0 || (queues is not null && !queues.Contains(name))) continue;
            if (ids.Min < oldest) (oldest, queue) = (ids.Min, name);
        }
        return queue;
    });

    // The run's options are the application's, with the failure capture first among the global filters. A copy, so
    // that the application's own options (maybe shared with its services) are left as they are.
    private static EmberOptions WithFailureCapture(EmberOptions options, FailureCapture capture)
    {
        var copy = new EmberOptions
        {
            JobExpiration = options.JobExpiration, DefaultQueue = options.DefaultQueue, Retry = options.Retry, SerializerOptions = options.SerializerOptions,
        };
        copy.Filters.Add(capture);
        foreach (var filter in options.Filters) copy.Filters.Add(filter);
        return copy;
    }
}
