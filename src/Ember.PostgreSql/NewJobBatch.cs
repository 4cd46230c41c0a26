using Ember.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ember.PostgreSql;

/// <summary>
/// New jobs as the column arrays that create_jobs (and fire_recurring) take: a whole batch in one round trip.
/// Checks the jobs first, in the in-memory store's order, so that the same batch fails alike in every store.
/// </summary>
internal sealed class NewJobBatch
{
    private readonly string[] _queues, _states, _invocations, _options;
    private readonly string?[] _reasons;
    private readonly DateTime?[] _scheduledAt, _expireIfDeleted;
    private readonly long?[] _parentIds;

    private NewJobBatch(int count)
    {
        _queues = new string[count];
        _states = new string[count];
        _invocations = new string[count];
        _options = new string[count];
        _reasons = new string?[count];
        _scheduledAt = new DateTime?[count];
        _expireIfDeleted = new DateTime?[count];
        _parentIds = new long?[count];
    }

    public int Count => _queues.Length;

    /// <summary>
    /// Checks every job and builds the arrays. Throws <see cref="ArgumentException"/> for the first job that breaks
    /// <see cref="NewJobRules"/>, and <see cref="JobNotFoundException"/> for a parent that names no job, whichever comes
    /// first in the batch; a parent that looks like an id is checked in the database by <paramref name="findMissingParent"/>
    /// only when a later job is invalid (otherwise create_jobs checks it under lock).
    /// </summary>
    public static async Task<NewJobBatch> PrepareAsync(IReadOnlyList<NewJob> jobs, Func<long[], Task<long?>> findMissingParent)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var batch = new NewJobBatch(jobs.Count);
        List<long>? parentsSoFar = null;
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            try
            {
                NewJobRules.Validate(job);
            }
            catch (ArgumentException)
            {
                if (parentsSoFar is { Count: > 0 } && await findMissingParent([.. parentsSoFar]).ConfigureAwait(false) is { } missing)
                    throw JobNotFoundException.Parent(StoredValues.JobId(missing));
                throw;
            }
            if (job.ParentId is { } parentText)
            {
                if (!StoredValues.TryParseJobId(parentText, out var parentId)) throw JobNotFoundException.Parent(parentText);
                (parentsSoFar ??= []).Add(parentId);
                batch._parentIds[i] = parentId;
            }
            batch._queues[i] = job.Queue;
            batch._states[i] = StoredValues.Name(job.State);
            batch._invocations[i] = job.Invocation;
            batch._options[i] = StoredValues.Name(job.ContinuationOptions);
            batch._reasons[i] = job.Reason;
            batch._scheduledAt[i] = job.State == JobState.Scheduled ? PgValues.ToDb(job.ScheduledAt) : null;
            batch._expireIfDeleted[i] = PgValues.ToDb(job.ExpireAtIfDeleted);
        }
        return batch;
    }

    /// <summary>Adds the eight job arrays, in create_jobs' order (the caller adds the time after them).</summary>
    public NpgsqlCommand AddTo(NpgsqlCommand command) => command
        .AddArray(_queues, NpgsqlDbType.Text)
        .AddArray(_states, NpgsqlDbType.Text)
        .AddArray(_invocations, NpgsqlDbType.Text)
        .AddArray(_scheduledAt, NpgsqlDbType.TimestampTz)
        .AddArray(_reasons, NpgsqlDbType.Text)
        .AddArray(_parentIds, NpgsqlDbType.Bigint)
        .AddArray(_options, NpgsqlDbType.Text)
        .AddArray(_expireIfDeleted, NpgsqlDbType.TimestampTz);

    /// <summary>A single job without a parent: created by <see cref="Sql.JobSql.CreateOne"/> rather than create_jobs.</summary>
    public bool IsOneWithoutParent => Count == 1 && _parentIds[0] is null;

    /// <summary>Adds the one job's six values, in CreateOne's order (the caller adds the time after them).</summary>
    public NpgsqlCommand AddOneTo(NpgsqlCommand command) => command
        .Add(_queues[0])
        .Add(_states[0])
        .Add(_invocations[0])
        .Add(_scheduledAt[0], NpgsqlDbType.TimestampTz)
        .Add(_reasons[0], NpgsqlDbType.Text)
        .Add(_options[0]);

    /// <summary>The exception a failed create_jobs stands for: a parent that vanished, or the database's own.</summary>
    public static Exception? Translate(PostgresException exception) =>
        exception.SqlState == "EM404" ? JobNotFoundException.Parent(exception.MessageText) : null;

    public static string[] IdTexts(long[] ids) => Array.ConvertAll(ids, StoredValues.JobId);
}
