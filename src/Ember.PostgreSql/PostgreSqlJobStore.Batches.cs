using System.Text.Json;
using Ember.PostgreSql.Json;
using Ember.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ember.PostgreSql;

// Batches: created with their jobs by create_batch in one round trip; their counts are kept by count_members.
public sealed partial class PostgreSqlJobStore
{
    /// <inheritdoc />
    public Task<CreatedBatch> CreateBatchAsync(CreateBatchRequest request, CancellationToken cancellationToken = default) =>
        CreateBatchOnAsync(null, request, cancellationToken);

    /// <summary>Creates a batch on <paramref name="connection"/> (in its open transaction), or on a pooled connection when null.</summary>
    internal async Task<CreatedBatch> CreateBatchOnAsync(NpgsqlConnection? connection, CreateBatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Batch, nameof(request));
        var given = NewBatchRules.GivenIds(request);
        long? attachTo = null;
        if (request.AttachTo is { } attachText)
            attachTo = StoredValues.TryParseJobId(attachText, out var id) ? id : throw BatchNotFoundException.Missing(attachText);
        var batches = new List<NewBatchJson>();
        var jobs = new List<NewJob>();
        var positions = new List<int>();
        Flatten(request.Batch, null, batches, jobs, positions);
        // Read before create_batch: a batch's parent never changes, and one that is pruned meanwhile is not found there.
        NewBatchRules.RefuseWaitingForOwnBatch(request, attachTo is { } attached && NewBatchRules.NeedsAttachedChain(request)
            ? [request.AttachTo!, .. (await BatchChainAsync(connection, attached, cancellationToken).ConfigureAwait(false)).Skip(1)]
            : []);
        var prepared = await NewJobBatch.PrepareAsync(jobs, _options.MaxInvocationBytes, parents => FirstMissingParentAsync(connection, parents, cancellationToken), positions, given).ConfigureAwait(false);
        await using var command = await CommandOnAsync(connection, _sql.CreateBatch, cancellationToken).ConfigureAwait(false);
        command.Add(JsonSerializer.Serialize(batches.ToArray(), PgJsonContext.Default.NewBatchJsonArray), NpgsqlDbType.Json);
        prepared.AddTo(command).Add(attachTo, NpgsqlDbType.Bigint).Add(PgValues.ToDb(_time.GetUtcNow()))
            .Add(given is null ? null : jobs.Select(j => long.Parse(j.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint)
            .Add(PgValues.ToDb(request.EmptyBatchExpireAt), NpgsqlDbType.TimestampTz);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var batchIds = reader.GetFieldValue<long[]>(0);
            var jobIds = reader.IsDBNull(1) ? [] : reader.GetFieldValue<long[]>(1);
            return new CreatedBatch(StoredValues.JobId(batchIds[0]), NewJobBatch.IdTexts(jobIds), NewJobBatch.IdTexts(batchIds[1..]));
        }
        catch (PostgresException ex) when (NewJobBatch.TranslateBatch(ex, request.AttachTo) is { } translated)
        {
            throw translated;
        }
    }

    private async Task<IReadOnlyList<string>> BatchChainAsync(NpgsqlConnection? connection, long batchId, CancellationToken cancellationToken)
    {
        await using var command = await CommandOnAsync(connection, _sql.BatchChain, cancellationToken).ConfigureAwait(false);
        command.Add(batchId);
        return NewJobBatch.IdTexts((long[])(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ReserveIdsAsync(ReserveIdsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        await using var command = await CommandAsync(_sql.ReserveIds, cancellationToken).ConfigureAwait(false);
        command.Add(request.Count);
        return NewJobBatch.IdTexts((long[])(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }

    /// <inheritdoc />
    public async Task<bool> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        if (!StoredValues.TryParseJobId(batchId, out var id)) return false;
        await using var command = await CommandAsync(_sql.CancelBatch, cancellationToken).ConfigureAwait(false);
        command.Add(id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    // Depth first, as create_batch numbers them: a batch, its own jobs, then each nested batch with its members.
    private static void Flatten(NewBatch batch, int? parent, List<NewBatchJson> batches, List<NewJob> jobs, List<int> positions)
    {
        ArgumentNullException.ThrowIfNull(batch.Jobs, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Batches, nameof(batch));
        var position = batches.Count;
        batches.Add(new NewBatchJson { Id = batch.Id is { } id ? long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) : null, Description = batch.Description, Parent = parent, Total = batch.Jobs.Count + batch.Batches.Count });
        foreach (var job in batch.Jobs)
        {
            jobs.Add(job);
            positions.Add(position);
        }
        foreach (var nested in batch.Batches) Flatten(nested ?? throw new ArgumentException("A nested batch is null.", nameof(batch)), position, batches, jobs, positions);
    }
}
