using System.Runtime.ExceptionServices;
using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

/// <summary>
/// A job store in one SQLite file (WAL mode): the embedded default. Several processes may share the file; each
/// serializes its own writes and waits for the others' on SQLite's busy timeout. Servers in this process are told of
/// new work at once; work enqueued by another process wakes them within <see cref="SqliteStoreOptions.CommitCheckInterval"/>.
/// </summary>
/// <remarks>
/// The schema is created or migrated on <see cref="InitializeAsync"/>, or on first use, so a client may enqueue before
/// any server starts. Times are stored as unix milliseconds, so sub-millisecond parts of times are dropped.
/// </remarks>
public sealed partial class SqliteJobStore : IJobStore, IJobNotifications, IJobStoreWarmUp, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly WorkSubscribers _subscribers = new();
    private readonly CommitWatcher? _commitWatcher;
    private readonly int _maxInvocationBytes;

    /// <summary>Creates a store on the file named by <see cref="SqliteStoreOptions.ConnectionString"/>. Opens nothing yet.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="InvalidOperationException">An option is missing or invalid.</exception>
    public SqliteJobStore(SqliteStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _database = new SqliteDatabase(options);
        _maxInvocationBytes = options.MaxInvocationBytes;
        _time = timeProvider ?? TimeProvider.System;
        Queries = new SqliteJobQueries(_database, _time);
        if (options.CommitCheckInterval is { } interval) _commitWatcher = new CommitWatcher(_database, _subscribers, interval);
    }

    /// <inheritdoc />
    public IJobQueries Queries { get; }

    /// <summary>The database file's full path, as it appears in error messages.</summary>
    public string DatabasePath => _database.Location;

    /// <summary>
    /// The whole schema as SQL: every embedded migration, in order. For DBAs who create the schema themselves and run
    /// with <see cref="SqliteStoreOptions.PrepareSchemaIfNecessary"/> off.
    /// </summary>
    public static string GetSchemaScript() => SqliteMigrator.Script();

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">
    /// The directory does not exist, the file can't be opened for writing, its schema is newer than this build, or the
    /// schema is missing or old while <see cref="SqliteStoreOptions.PrepareSchemaIfNecessary"/> is off. The message names
    /// the file.
    /// </exception>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _database.EnsureInitializedAsync(cancellationToken);

    /// <inheritdoc />
    public IDisposable Subscribe(Action<string> onWork)
    {
        var subscription = _subscribers.Add(onWork);
        _commitWatcher?.EnsureStarted();
        return subscription;
    }

    /// <summary>Closes the file. Operations after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _commitWatcher?.Dispose();
        _database.Dispose();
    }

    /// <inheritdoc />
    public async Task<CreateJobsResult> CreateJobsAsync(CreateJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        NewJobRules.RefuseGivenIds(request.Jobs);
        // Every job is checked (rules, parent) before anything is written: a batch is stored whole or not at all.
        var (ids, failure, enqueued) = await _database.WriteAsync((request.Jobs, Now: SqliteValues.ToMs(_time.GetUtcNow()), Limit: _maxInvocationBytes), static (session, s) =>
        {
            var enqueued = new List<string>();
            var (ids, failure) = JobCreation.Create(session, s.Jobs, s.Now, enqueued, s.Limit);
            return (ids, failure, enqueued);
        }, cancellationToken).ConfigureAwait(false);
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
        NotifyEnqueued(enqueued);
        return ids!;
    }

    /// <inheritdoc />
    public async Task WarmUpAsync(CreateJobsRequest sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        NewJobRules.RefuseGivenIds(sample.Jobs);
        var now = _time.GetUtcNow();
        var fetch = new FetchJobsRequest("ember-warm-up", [.. sample.Jobs.Select(j => j.Queue).Distinct(StringComparer.Ordinal)], Math.Max(1, sample.Jobs.Count), TimeSpan.FromMinutes(1));
        // Created and claimed in one write transaction, rolled back.
        var failure = await _database.RehearseAsync((sample.Jobs, Now: SqliteValues.ToMs(now), Limit: _maxInvocationBytes, Claim: ClaimOf(fetch, now)), static (session, s) =>
        {
            var (_, failure) = JobCreation.Create(session, s.Jobs, s.Now, [], s.Limit);
            if (failure is null) Claim(session, s.Claim);
            return failure;
        }, cancellationToken).ConfigureAwait(false);
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
    }

    /// <inheritdoc />
    public async Task<bool> ChangeStateAsync(ChangeStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!StoredValues.TryParseJobId(request.JobId, out var jobId)) return false;
        var state = (jobId, request.ExpectedStates, request.Change, Now: SqliteValues.ToMs(_time.GetUtcNow()));
        var (changed, enqueued) = await _database.WriteAsync(state, static (bool Changed, List<string> Enqueued) (session, s) =>
        {
            var enqueued = new List<string>();
            // The state is read first, in the write transaction (no one moves the job in between), so the counters
            // know which state the job leaves; the update below still checks it.
            if (session.Command(JobSql.SelectState).Bind("$id", s.jobId).ExecuteScalar() is not string current) return (false, enqueued);
            var currentState = StoredValues.ParseState(current);
            if (!s.ExpectedStates.Contains(currentState)) return (false, enqueued);
            var changed = JobTransitions.ApplyIfInState(session, s.jobId, currentState, s.Change, s.Now, enqueued) is not null;
            return (changed, enqueued);
        }, cancellationToken).ConfigureAwait(false);
        NotifyEnqueued(enqueued);
        return changed;
    }

    /// <inheritdoc />
    public async Task<int> ChangeStatesAsync(ChangeStatesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = new SortedSet<long>();
        foreach (var text in request.JobIds)
            if (StoredValues.TryParseJobId(text, out var id)) ids.Add(id);
        if (ids.Count == 0) return 0;
        var state = (ids, request.ExpectedStates, request.Change, Now: SqliteValues.ToMs(_time.GetUtcNow()));
        // One write transaction for the batch, each job compared and set as ChangeStateAsync does.
        var (changed, enqueued) = await _database.WriteAsync(state, static (int Changed, List<string> Enqueued) (session, s) =>
        {
            var enqueued = new List<string>();
            var changed = 0;
            var select = session.Command(JobSql.SelectState);
            foreach (var id in s.ids)
            {
                if (select.Bind("$id", id).ExecuteScalar() is not string current) continue;
                var currentState = StoredValues.ParseState(current);
                if (s.ExpectedStates.Contains(currentState) && JobTransitions.ApplyIfInState(session, id, currentState, s.Change, s.Now, enqueued) is not null) changed++;
            }
            return (changed, enqueued);
        }, cancellationToken).ConfigureAwait(false);
        NotifyEnqueued(enqueued);
        return changed;
    }

    /// <inheritdoc />
    public Task<bool> UpdateJobDataAsync(UpdateJobDataRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!StoredValues.TryParseJobId(request.JobId, out var jobId)) return Task.FromResult(false);
        var state = (jobId, request, Now: SqliteValues.ToMs(_time.GetUtcNow()));
        return _database.WriteAsync(state, static (session, s) =>
        {
            var request = s.request;
            var updated = session.Command(JobSql.UpdateData)
                .Bind("$id", s.jobId)
                .Bind("$lease_token", request.LeaseToken)
                .Bind("$parameters", request.Parameters is { Count: > 0 } parameters ? StoredValues.ParametersJson(parameters) : null)
                .Bind("$progress", request.Progress)
                .ExecuteNonQuery() == 1;
            if (!updated || request.LogLines is not { Count: > 0 } lines) return updated;
            var insert = session.Command(JobSql.InsertLogLine).Bind("$job_id", s.jobId);
            foreach (var line in lines) insert.Bind("$at", SqliteValues.ToMs(line.At)).Bind("$text", line.Text).ExecuteNonQuery();
            session.Command(JobSql.TrimLog).Bind("$job_id", s.jobId).Bind("$max", request.MaxLogLines).ExecuteNonQuery();
            return true;
        }, cancellationToken);
    }

    // After the commit, outside the write gate: a subscriber that fetches at once must not wait on this write.
    private void NotifyEnqueued(List<string> queues)
    {
        if (queues.Count == 0 || _subscribers.IsEmpty) return;
        foreach (var queue in queues.Distinct(StringComparer.Ordinal)) _subscribers.Notify(queue);
    }
}
