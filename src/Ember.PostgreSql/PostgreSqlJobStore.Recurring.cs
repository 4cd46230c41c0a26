using Ember.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ember.PostgreSql;

// Recurring jobs: stored definitions whose occurrences are fired by compare-and-set on next_run_at (under the
// recurring row's lock), so that each fires once however many servers race for it.
public sealed partial class PostgreSqlJobStore
{
    /// <inheritdoc />
    public async Task UpsertRecurringJobAsync(RecurringJobRecord recurringJob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recurringJob);
        if (PgValues.HasNul(recurringJob.Id))
            throw new ArgumentException($"Recurring job id \"{recurringJob.Id.Replace("\0", "\\0", StringComparison.Ordinal)}\" contains a NUL character, which PostgreSQL text can't hold; choose an id without control characters.", nameof(recurringJob));
        await using var command = await CommandAsync(_sql.UpsertRecurring, cancellationToken).ConfigureAwait(false);
        command
            .Add(recurringJob.Id)
            .Add(recurringJob.Cron)
            .Add(recurringJob.TimeZoneId)
            .Add(recurringJob.Queue)
            .Add(recurringJob.Invocation)
            .Add(StoredValues.Name(recurringJob.Misfire))
            .Add(PgValues.ToDb(recurringJob.NextRunAt), NpgsqlDbType.TimestampTz)
            .Add(PgValues.ToDb(recurringJob.LastRunAt), NpgsqlDbType.TimestampTz)
            .Add(recurringJob.LastJobId, NpgsqlDbType.Text)
            .Add(recurringJob.Error, NpgsqlDbType.Text)
            .Add(PgValues.ToDb(_time.GetUtcNow()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRecurringJobAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (PgValues.HasNul(id)) return false; // PostgreSQL text can't hold NUL: no stored id has one
        await using var command = await CommandAsync(_sql.DeleteRecurring, cancellationToken).ConfigureAwait(false);
        command.Add(id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RecurringJobRecord>> GetDueRecurringJobsAsync(DueRecurringJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxCount <= 0) return [];
        await using var command = await CommandAsync(_sql.SelectDueRecurring, cancellationToken).ConfigureAwait(false);
        command.Add(PgValues.ToDb(_time.GetUtcNow())).Add(request.MaxCount);
        var due = await RecurringRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        // Sorted here too: .NET's ordinal order and PostgreSQL's "C" (UTF-8 byte) order differ beyond the BMP.
        return due.OrderBy(r => r.NextRunAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToArray();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>?> FireRecurringJobAsync(FireRecurringJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (PgValues.HasNul(request.Id)) return null;
        var batch = await NewJobBatch.PrepareAsync(request.Jobs, _options.MaxInvocationBytes, parents => FirstMissingParentAsync(null, parents, cancellationToken)).ConfigureAwait(false);
        await using var command = await CommandAsync(_sql.FireRecurring, cancellationToken).ConfigureAwait(false);
        command
            .Add(request.Id)
            .Add(PgValues.ToDb(request.ExpectedNextRunAt), NpgsqlDbType.TimestampTz)
            .Add(PgValues.ToDb(request.NextRunAt), NpgsqlDbType.TimestampTz)
            .Add(PgValues.ToDb(request.RunAt));
        batch.AddTo(command).Add(PgValues.ToDb(_time.GetUtcNow()));
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long[] ids ? NewJobBatch.IdTexts(ids) : null;
        }
        catch (PostgresException ex) when (NewJobBatch.Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    public async Task<bool> DisableRecurringJobAsync(DisableRecurringJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (PgValues.HasNul(request.Id)) return false;
        await using var command = await CommandAsync(_sql.DisableRecurring, cancellationToken).ConfigureAwait(false);
        command.Add(request.Id).Add(PgValues.ToDb(request.ExpectedNextRunAt), NpgsqlDbType.TimestampTz).Add(request.Error);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }
}
