using System.Text.Json;
using Ember.PostgreSql.Json;
using Ember.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ember.PostgreSql;

/// <summary>
/// New jobs as the JSON layout that create_jobs (and fire_recurring) take: a whole batch in one round trip.
/// Checks the jobs first, in the in-memory store's order, so that the same batch fails alike in every store.
/// </summary>
internal sealed class NewJobBatch
{
    private readonly NewJob[] _jobs;
    private readonly NewJobJson[] _json;

    private NewJobBatch(NewJob[] jobs)
    {
        _jobs = jobs;
        _json = new NewJobJson[jobs.Length];
    }

    public int Count => _jobs.Length;

    /// <summary>
    /// Checks every job and builds its JSON. Throws <see cref="ArgumentException"/> for the first job that breaks
    /// <see cref="NewJobRules"/>, and <see cref="JobNotFoundException"/> for a parent that names no job, whichever comes
    /// first in the batch; a parent that looks like an id is checked in the database by <paramref name="findMissingParent"/>
    /// only when a later job is invalid (otherwise create_jobs checks it under lock).
    /// </summary>
    /// <remarks>A parent among <paramref name="given"/> (a batch request's reserved ids) is a member of the same request, not looked for.</remarks>
    public static async Task<NewJobBatch> PrepareAsync(IReadOnlyList<NewJob> jobs, int maxInvocationBytes, Func<long[], Task<long?>> findMissingParent,
        IReadOnlyList<int>? batchPositions = null, IReadOnlySet<long>? given = null)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var batch = new NewJobBatch([.. jobs]);
        List<long>? parentsSoFar = null;
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            try
            {
                NewJobRules.Validate(job, maxInvocationBytes, "PostgreSqlStoreOptions.MaxInvocationBytes");
            }
            catch (ArgumentException)
            {
                if (parentsSoFar is { Count: > 0 } && await findMissingParent([.. parentsSoFar]).ConfigureAwait(false) is { } missing)
                    throw JobNotFoundException.Parent(StoredValues.JobId(missing));
                throw;
            }
            long[]? parents = null;
            if (job.ParentId is not null)
            {
                var parentTexts = NewJobRules.ParentsOf(job);
                parents = new long[parentTexts.Count];
                for (var p = 0; p < parents.Length; p++)
                {
                    if (!StoredValues.TryParseJobId(parentTexts[p], out parents[p])) throw JobNotFoundException.Parent(parentTexts[p]);
                    if (given?.Contains(parents[p]) != true) (parentsSoFar ??= []).Add(parents[p]);
                }
            }
            batch._json[i] = NewJobJson.From(job, parents, batchPositions?[i]);
        }
        return batch;
    }

    /// <summary>Adds the jobs as one JSON parameter, create_jobs' first (the caller adds the time after it).</summary>
    public NpgsqlCommand AddTo(NpgsqlCommand command) =>
        command.Add(JsonSerializer.Serialize(_json, PgJsonContext.Default.NewJobJsonArray), NpgsqlDbType.Json);

    /// <summary>Adds a job without a parent as <see cref="Sql.JobSql.CreateOne"/>'s values, in its order.</summary>
    public static void AddOne(NpgsqlCommand command, NewJob job, DateTimeOffset now) =>
        command
            .Add(job.Queue)
            .Add(StoredValues.Name(job.State))
            .Add(job.Invocation)
            .Add(job.State == JobState.Scheduled ? PgValues.ToDb(job.ScheduledAt) : null, NpgsqlDbType.TimestampTz)
            .Add(job.Reason, NpgsqlDbType.Text)
            .Add(StoredValues.Name(job.ContinuationOptions))
            .Add(PgValues.ToDb(now))
            .Add(job.Parameters is { Count: > 0 } parameters ? StoredValues.ParametersJson(parameters!) : null, NpgsqlDbType.Jsonb)
            .Add(job.Concurrency?.Key, NpgsqlDbType.Text)
            .Add(job.Concurrency?.Limit, NpgsqlDbType.Integer);

    /// <summary>The exception a failed create_jobs stands for: a parent that vanished, or the database's own.</summary>
    public static Exception? Translate(PostgresException exception) =>
        exception.SqlState == "EM404" ? JobNotFoundException.Parent(exception.MessageText) : null;

    /// <summary>The exception a failed create_batch stands for, when it is one of its own.</summary>
    public static Exception? TranslateBatch(PostgresException exception, string? attachTo) => exception.SqlState switch
    {
        "EM405" => BatchNotFoundException.Missing(attachTo!),
        "EM409" => BatchFinishedException.Attach(attachTo!, StoredValues.ParseEnum<BatchState>(exception.MessageText, "batches.state")),
        "EM422" => NewBatchRules.NotReserved(long.Parse(exception.MessageText, System.Globalization.CultureInfo.InvariantCulture)),
        _ => Translate(exception),
    };

    public static string[] IdTexts(long[] ids) => Array.ConvertAll(ids, StoredValues.JobId);
}
