using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

/// <summary>
/// A job store in one SQLite file (WAL mode): the embedded default. Several processes may share the file; each
/// serializes its own writes and waits for the others' on SQLite's busy timeout. Notifications reach only servers in
/// this process; servers in other processes find new work by polling.
/// </summary>
/// <remarks>
/// The schema is created or migrated on <see cref="InitializeAsync"/>, or on first use, so a client may enqueue before
/// any server starts. Times are stored as unix milliseconds, so sub-millisecond parts of times are dropped.
/// </remarks>
public sealed partial class SqliteJobStore : IJobStore, IJobNotifications, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly WorkSubscribers _subscribers = new();

    /// <summary>Creates a store on the file named by <see cref="SqliteStoreOptions.ConnectionString"/>. Opens nothing yet.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="InvalidOperationException">An option is missing or invalid.</exception>
    public SqliteJobStore(SqliteStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _database = new SqliteDatabase(options);
        _time = timeProvider ?? TimeProvider.System;
        Queries = new SqliteJobQueries(_database);
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
    public IDisposable Subscribe(Action<string> onWork) => _subscribers.Add(onWork);

    /// <summary>Closes the file. Operations after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _database.Dispose();

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> CreateJobsAsync(CreateJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // All checked before anything is written: a batch is stored whole or not at all.
        foreach (var job in request.Jobs) NewJobRules.Validate(job);
        var ids = await _database.WriteAsync((request.Jobs, Now: SqliteValues.ToMs(_time.GetUtcNow())), static (session, s) =>
        {
            var ids = new string[s.Jobs.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                var job = s.Jobs[i];
                var id = (long)session.Command(JobSql.Insert)
                    .Bind("$queue", job.Queue)
                    .Bind("$state", SqliteValues.ToText(job.State))
                    .Bind("$invocation", job.Invocation)
                    .Bind("$now", s.Now)
                    .Bind("$scheduled_at", job.State == JobState.Scheduled ? SqliteValues.ToDb(job.ScheduledAt) : null)
                    .ExecuteScalar()!;
                JobTransitions.AddHistory(session, id, job.State, s.Now, job.Reason, serverId: null);
                ids[i] = SqliteValues.IdText(id);
            }
            return ids;
        }, cancellationToken).ConfigureAwait(false);
        NotifyEnqueued(request.Jobs.Where(j => j.State == JobState.Enqueued).Select(j => j.Queue));
        return ids;
    }

    /// <inheritdoc />
    public async Task<bool> ChangeStateAsync(ChangeStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!SqliteValues.TryParseId(request.JobId, out var jobId)) return false;
        var state = (jobId, Expected: SqliteValues.ToStateSet(request.ExpectedStates), request.Change, Now: SqliteValues.ToMs(_time.GetUtcNow()));
        var queue = await _database.WriteAsync(state, static (session, s) =>
            JobTransitions.ApplyIfInState(session, s.jobId, s.Expected, s.Change, s.Now), cancellationToken).ConfigureAwait(false);
        if (queue is null) return false;
        if (request.Change.State == JobState.Enqueued) NotifyEnqueued([queue]);
        return true;
    }

    // After the commit, outside the write gate: a subscriber that fetches at once must not wait on this write.
    private void NotifyEnqueued(IEnumerable<string> queues)
    {
        if (_subscribers.IsEmpty) return;
        foreach (var queue in queues.Distinct(StringComparer.Ordinal)) _subscribers.Notify(queue);
    }
}
