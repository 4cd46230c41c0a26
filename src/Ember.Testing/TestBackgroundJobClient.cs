using System.Collections.Concurrent;
using Ember.InMemory;
using Ember.Invocations;
using Ember.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ember.Testing;

/// <summary>
/// An <see cref="IBackgroundJobClient"/> and <see cref="IRecurringJobManager"/> for unit tests: it keeps the jobs the
/// code under test creates in memory, asserts on them (<c>AssertEnqueued</c>, <c>AssertScheduled</c>, ...), and runs
/// them inline with <c>RunPending</c>, without a server. Enqueues go through Ember's own client (queue attributes,
/// client and elect-state filters, argument serialization) into an <see cref="InMemoryJobStore"/>, and runs through a
/// server's own pipeline, so what passes here behaves the same in production.
/// </summary>
/// <example><code>
/// var jobs = new TestBackgroundJobClient();
/// new SignupService(jobs).SignUp(42);
/// jobs.AssertEnqueued&lt;IEmailSender&gt;(x =&gt; x.SendWelcomeAsync(42, CancellationToken.None));
/// </code></example>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The run lock's wait handle is never asked for, so it holds nothing to dispose; a test client isn't meant to be disposed.")]
public sealed partial class TestBackgroundJobClient : IBackgroundJobClient, IRecurringJobManager
{
    private readonly InMemoryJobStore _store;
    private readonly BackgroundJobClient _client;
    private readonly RecurringJobManager _recurring;
    private readonly InlineRunner _runner;
    private readonly EmberOptions _emberOptions;
    private readonly EmberTestingMode _mode;
    // Scheduled times of jobs created Scheduled, kept once they move on (the store keeps only the current one).
    private readonly ConcurrentDictionary<string, DateTimeOffset> _scheduledAt = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _runLock = new(1, 1);
    private readonly AsyncLocal<bool> _insideRun = new();

    /// <summary>Creates a client with default options: manual mode, the system clock, Ember's default options.</summary>
    public TestBackgroundJobClient()
        : this(new EmberTestingOptions())
    {
    }

    /// <summary>Creates a client on <paramref name="timeProvider"/>, e.g. a <c>FakeTimeProvider</c>.</summary>
    public TestBackgroundJobClient(TimeProvider timeProvider)
        : this(new EmberTestingOptions { TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider)) })
    {
    }

    /// <summary>Creates a client.</summary>
    /// <param name="options">How it behaves; see <see cref="EmberTestingOptions"/>. Validated here.</param>
    public TestBackgroundJobClient(EmberTestingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var services = options.Services;
        TimeProvider = options.TimeProvider ?? services?.GetService<TimeProvider>() ?? TimeProvider.System;
        _emberOptions = options.EmberOptions ?? services?.GetService<EmberOptions>() ?? new EmberOptions();
        _emberOptions.Validate();
        _mode = options.Mode;
        var activator = options.Activator ?? services?.GetService<JobActivator>()
            ?? (services is null ? new JobActivator() : new ServiceProviderJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        var loggerFactory = options.LoggerFactory ?? services?.GetService<ILoggerFactory>();
        _store = new InMemoryJobStore(TimeProvider);
        _client = new BackgroundJobClient(_store, _emberOptions, TimeProvider, loggerFactory?.CreateLogger<BackgroundJobClient>());
        _recurring = new RecurringJobManager(_store, _emberOptions, TimeProvider);
        _runner = new InlineRunner(_store, _emberOptions, options, activator, TimeProvider, loggerFactory);
    }

    /// <summary>The clock of this client, its store and its runs.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// The in-memory store behind the client, for what the assertions don't cover: its <see cref="IJobClientStore.Queries"/>
    /// are the dashboard's read side. <c>AddEmberTesting</c> registers it as the application's <see cref="IJobStore"/>.
    /// </summary>
    public IJobStore Store => _store;

    /// <summary>Every job created so far, oldest first, as it stands now (state, attempts, history).</summary>
    public IReadOnlyList<RecordedJob> Jobs => _store.Read(view => view.Jobs.Values.OrderBy(j => j.Id)
        .Select(j => new JobDetails(j.ToInfo(), j.History.ToArray())).ToArray()).Select(Record).ToArray();

    /// <summary>The recurring jobs registered, by id.</summary>
    public IReadOnlyList<RecurringJobRecord> RecurringJobs => _store.Queries.GetRecurringJobsAsync().GetAwaiter().GetResult();

    /// <summary>One job by id, as it stands now; null when there is no such job.</summary>
    public RecordedJob? GetJob(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return _store.Queries.GetJobAsync(jobId).GetAwaiter().GetResult() is { } details ? Record(details) : null;
    }

    /// <summary>
    /// Makes the static facades (<see cref="BackgroundJob"/>, <see cref="RecurringJob"/>) use this client in the
    /// calling async flow, until the returned scope is disposed: <c>using var _ = jobs.UseForStaticFacades();</c>.
    /// Tests running in parallel each see their own client. The scope follows the async flow it is made in: make it in
    /// the test method or the test class's constructor, not in an async set-up method, where it ends when that returns.
    /// </summary>
    /// <returns>The scope; disposing it restores the client of the enclosing scope, if any.</returns>
    public IDisposable UseForStaticFacades() => StaticFacades.Use(this);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> CreateAsync(IReadOnlyList<CreateJobRequest> jobs, CancellationToken cancellationToken = default)
    {
        var ids = await _client.CreateAsync(jobs, cancellationToken).ConfigureAwait(false);
        foreach (var id in ids) RememberScheduledAt(id);
        await RunInlineAsync(cancellationToken).ConfigureAwait(false);
        return ids;
    }

    /// <inheritdoc />
    public async Task<bool> RequeueAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var requeued = await _client.RequeueAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (requeued) await RunInlineAsync(cancellationToken).ConfigureAwait(false);
        return requeued;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default)
    {
        // Deleting a parent releases its continuations that run on any finished state: inline mode runs them.
        var deleted = await _client.DeleteAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (deleted) await RunInlineAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <inheritdoc />
    public async Task<bool> ChangeStateAsync(string jobId, States.IState state, string? expectedState = null, CancellationToken cancellationToken = default)
    {
        var changed = await _client.ChangeStateAsync(jobId, state, expectedState, cancellationToken).ConfigureAwait(false);
        if (changed) await RunInlineAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <inheritdoc />
    public Task AddOrUpdateAsync(string recurringJobId, Job job, string cronExpression, RecurringJobOptions? options = null, string? queue = null, CancellationToken cancellationToken = default) =>
        _recurring.AddOrUpdateAsync(recurringJobId, job, cronExpression, options, queue, cancellationToken);

    /// <inheritdoc />
    public async Task<string?> TriggerAsync(string recurringJobId, CancellationToken cancellationToken = default)
    {
        var id = await _recurring.TriggerAsync(recurringJobId, cancellationToken).ConfigureAwait(false);
        if (id is not null) await RunInlineAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <inheritdoc />
    public Task<bool> RemoveIfExistsAsync(string recurringJobId, CancellationToken cancellationToken = default) =>
        _recurring.RemoveIfExistsAsync(recurringJobId, cancellationToken);

    /// <inheritdoc />
    public Task<bool> PauseAsync(string recurringJobId, CancellationToken cancellationToken = default) =>
        _recurring.PauseAsync(recurringJobId, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ResumeAsync(string recurringJobId, CancellationToken cancellationToken = default) =>
        _recurring.ResumeAsync(recurringJobId, cancellationToken);

    private Task RunInlineAsync(CancellationToken cancellationToken) =>
        _mode == EmberTestingMode.Inline ? RunPendingAsync(null, cancellationToken) : Task.CompletedTask;

    private void RememberScheduledAt(string jobId)
    {
        if (_scheduledAt.ContainsKey(jobId)) return;
        var scheduledAt = _store.Read(view => StoredValues.TryParseJobId(jobId, out var id) && view.Jobs.TryGetValue(id, out var job)
            && job.History.Count == 1 && job.State == JobState.Scheduled ? job.ScheduledAt : null);
        if (scheduledAt is { } at) _scheduledAt.TryAdd(jobId, at);
    }

    private RecordedJob Record(JobDetails details)
    {
        var info = details.Job;
        if (info.State == JobState.Scheduled && details.History.Count == 1 && info.ScheduledAt is { } at) _scheduledAt.TryAdd(info.Id, at);
        var invocation = JobText.TryParse(info.Invocation) ?? new Invocation("?", "?", [], [], []);
        return new RecordedJob(details, _scheduledAt.TryGetValue(info.Id, out var scheduledAt) ? scheduledAt : null, Bind(info.Invocation), invocation, _emberOptions.SerializerOptions);
    }

    private Job? Bind(string invocation)
    {
        try
        {
            return _runner.Binder.Bind(invocation);
        }
        catch (JobLoadException)
        {
            return null;
        }
    }
}
