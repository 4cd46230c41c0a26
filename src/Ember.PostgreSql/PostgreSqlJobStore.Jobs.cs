using System.Text.Json;
using Ember.PostgreSql.Json;
using Ember.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ember.PostgreSql;

// Creating jobs and compare-and-set state changes.
public sealed partial class PostgreSqlJobStore
{
    /// <inheritdoc />
    public Task<CreateJobsResult> CreateJobsAsync(CreateJobsRequest request, CancellationToken cancellationToken = default) =>
        CreateJobsOnAsync(null, request, cancellationToken);

    /// <summary>Creates jobs on <paramref name="connection"/> (in its open transaction), or on a pooled connection when null.</summary>
    internal async Task<CreateJobsResult> CreateJobsOnAsync(NpgsqlConnection? connection, CreateJobsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        NewJobRules.RefuseGivenIds(request.Jobs);
        // The call an application makes most, one job on its own: one INSERT, with nothing to check in the database.
        if (request.Jobs is [{ ParentId: null, Unique: null } single])
        {
            NewJobRules.Validate(single, _options.MaxInvocationBytes, "PostgreSqlStoreOptions.MaxInvocationBytes");
            await using var command = await CommandOnAsync(connection, _sql.CreateOneJob, cancellationToken).ConfigureAwait(false);
            NewJobBatch.AddOne(command, single, _time.GetUtcNow());
            return new[] { StoredValues.JobId((long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!) };
        }
        if (request.Jobs.Any(j => j?.Unique is not null)) return await CreateUniqueJobsOnAsync(connection, request.Jobs, cancellationToken).ConfigureAwait(false);
        return await InsertJobsOnAsync(connection, request.Jobs, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task WarmUpAsync(CreateJobsRequest sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        // Created and fetched in a transaction rolled back: no row stays, no NOTIFY is sent, and the fetch's claims end
        // with it (one id of the sequence is skipped).
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await CreateJobsOnAsync(connection, sample, cancellationToken).ConfigureAwait(false);
        var queues = sample.Jobs.Select(j => j.Queue).Distinct(StringComparer.Ordinal).ToArray();
        await FetchJobsOnAsync(connection, new FetchJobsRequest("ember-warm-up", queues, Math.Max(1, sample.Jobs.Count), TimeSpan.FromMinutes(1)), cancellationToken).ConfigureAwait(false);
        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
    }

    // Stores every job as given: one create_jobs call. (A single job without a parent or unique key never gets here:
    // CreateJobsOnAsync inserts it with one INSERT.)
    private async Task<string[]> InsertJobsOnAsync(NpgsqlConnection? connection, IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken)
    {
        var request = new CreateJobsRequest(jobs);
        var batch = await NewJobBatch.PrepareAsync(request.Jobs, _options.MaxInvocationBytes, parents => FirstMissingParentAsync(connection, parents, cancellationToken)).ConfigureAwait(false);
        if (batch.Count == 0) return [];
        await using var command = await CommandOnAsync(connection, _sql.CreateJobs, cancellationToken).ConfigureAwait(false);
        batch.AddTo(command).Add(PgValues.ToDb(_time.GetUtcNow()));
        try
        {
            var ids = (long[])(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return NewJobBatch.IdTexts(ids);
        }
        catch (PostgresException ex) when (NewJobBatch.Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    public async Task<bool> ChangeStateAsync(ChangeStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!StoredValues.TryParseJobId(request.JobId, out var jobId)) return false;
        await using var command = await CommandAsync(_sql.ChangeState, cancellationToken).ConfigureAwait(false);
        command
            .Add(jobId)
            .AddArray(request.ExpectedStates.Select(StoredValues.Name).ToArray(), NpgsqlDbType.Text)
            .Add(JsonSerializer.Serialize(JobChangeJson.From(request.Change), PgJsonContext.Default.JobChangeJson), NpgsqlDbType.Json)
            .Add(PgValues.ToDb(_time.GetUtcNow()));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async Task<int> ChangeStatesAsync(ChangeStatesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = new HashSet<long>();
        foreach (var text in request.JobIds)
            if (StoredValues.TryParseJobId(text, out var id)) ids.Add(id);
        if (ids.Count == 0) return 0;
        await using var command = await CommandAsync(_sql.ChangeStates, cancellationToken).ConfigureAwait(false);
        command
            .Add(ids.ToArray())
            .AddArray(request.ExpectedStates.Select(StoredValues.Name).ToArray(), NpgsqlDbType.Text)
            .Add(JsonSerializer.Serialize(JobChangeJson.From(request.Change), PgJsonContext.Default.JobChangeJson), NpgsqlDbType.Json)
            .Add(PgValues.ToDb(_time.GetUtcNow()));
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async Task<bool> UpdateJobDataAsync(UpdateJobDataRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!StoredValues.TryParseJobId(request.JobId, out var jobId)) return false;
        var lines = request.LogLines ?? [];
        await using (var command = await CommandAsync(_sql.UpdateData, cancellationToken).ConfigureAwait(false))
        {
            command
                .Add(jobId)
                .Add(request.LeaseToken, NpgsqlDbType.Text)
                .Add(request.Parameters is { Count: > 0 } parameters ? StoredValues.ParametersJson(parameters) : null, NpgsqlDbType.Jsonb)
                .Add(request.Progress, NpgsqlDbType.Integer)
                .AddArray(lines.Select(l => PgValues.ToDb(l.At)).ToArray(), NpgsqlDbType.TimestampTz)
                .AddArray(lines.Select(l => l.Text).ToArray(), NpgsqlDbType.Text);
            if ((int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0) return false;
        }
        if (lines.Count == 0) return true;
        await using (var trim = await CommandAsync(_sql.TrimLog, cancellationToken).ConfigureAwait(false))
        {
            trim.Add(jobId).Add(request.MaxLogLines);
            await trim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    private async Task<long?> FirstMissingParentAsync(NpgsqlConnection? connection, long[] parents, CancellationToken cancellationToken)
    {
        await using var command = await CommandOnAsync(connection, _sql.FirstMissingParent, cancellationToken).ConfigureAwait(false);
        command.Add(parents);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long missing ? missing : null;
    }

    private async ValueTask<NpgsqlCommand> CommandOnAsync(NpgsqlConnection? connection, string sql, CancellationToken cancellationToken)
    {
        if (connection is null) return await CommandAsync(sql, cancellationToken).ConfigureAwait(false);
        if (!_initialized) await InitializeAsync(cancellationToken).ConfigureAwait(false);
#pragma warning disable CA2100 // A Statements text: a constant template with the validated, quoted schema name.
        return new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
    }
}
