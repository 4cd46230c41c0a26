using System.Text.Json;
using Ember.PostgreSql.Json;
using Ember.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ember.PostgreSql;

// The life of a run: claimed under a lease, extended while it runs, completed under that lease, or rescued when the
// lease runs out.
public sealed partial class PostgreSqlJobStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<FetchedJob>> FetchJobsAsync(FetchJobsRequest request, CancellationToken cancellationToken = default) =>
        FetchJobsOnAsync(null, request, cancellationToken);

    /// <summary>Fetches on <paramref name="connection"/> (in its open transaction), or on a pooled connection when null.</summary>
    private async Task<IReadOnlyList<FetchedJob>> FetchJobsOnAsync(NpgsqlConnection? connection, FetchJobsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count <= 0 || request.Queues.Count == 0) return [];
        var now = _time.GetUtcNow();
        await using var command = await CommandOnAsync(connection, _sql.Fetch, cancellationToken).ConfigureAwait(false);
        command
            .Add(request.ServerId)
            .AddArray(request.Queues.ToArray(), NpgsqlDbType.Text)
            .Add(request.Count)
            .Add(PgValues.ToDb(now))
            .Add(PgValues.ToDb(now + request.LeaseDuration));
        var fetched = new List<FetchedJob>(Math.Min(request.Count, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            fetched.Add(new FetchedJob(
                StoredValues.JobId(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                PgValues.FromDb(reader.GetDateTime(5)))
            {
                Parameters = StoredValues.ParseParameters(reader.IsDBNull(6) ? null : reader.GetString(6)),
            });
        }
        return fetched;
    }

    /// <inheritdoc />
    public async Task<CompleteJobsResult> CompleteJobsAsync(CompleteJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var completions = new List<JobChangeJson>(request.Completions.Count);
        foreach (var completion in request.Completions)
            if (StoredValues.TryParseJobId(completion.JobId, out var id)) completions.Add(JobChangeJson.From(completion.Change, id, completion.LeaseToken));
        var applied = new HashSet<HeldLease>();
        var completed = new HashSet<HeldLease>();
        if (completions.Count > 0)
        {
            await using var command = await CommandAsync(_sql.Complete, cancellationToken).ConfigureAwait(false);
            command
                .Add(JsonSerializer.Serialize(completions.ToArray(), PgJsonContext.Default.JobChangeJsonArray), NpgsqlDbType.Json)
                .Add(PgValues.ToDb(_time.GetUtcNow()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                (reader.GetBoolean(2) ? applied : completed).Add(new HeldLease(StoredValues.JobId(reader.GetInt64(0)), reader.GetString(1)));
        }
        // Leases as the caller wrote them: an id with leading zeros names the job but is not its id text.
        return CompleteJobsResult.From(request.Completions.Select(Canonical).ToArray(), applied, completed);
    }

    private static JobCompletion Canonical(JobCompletion completion) =>
        StoredValues.TryParseJobId(completion.JobId, out var id) ? completion with { JobId = StoredValues.JobId(id) } : completion;

    /// <inheritdoc />
    public async Task<IReadOnlyList<HeldLease>> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Leases.Count == 0) return [];
        var parsed = request.Leases.Where(l => StoredValues.TryParseJobId(l.JobId, out _)).ToArray();
        var held = new HashSet<HeldLease>();
        if (parsed.Length > 0)
        {
            await using var command = await CommandAsync(_sql.ExtendLeases, cancellationToken).ConfigureAwait(false);
            command
                .AddArray(parsed.Select(l => PgValues.ParseKnownId(l.JobId)).ToArray(), NpgsqlDbType.Bigint)
                .AddArray(parsed.Select(l => l.LeaseToken).ToArray(), NpgsqlDbType.Text)
                .Add(PgValues.ToDb(_time.GetUtcNow() + request.LeaseDuration));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                held.Add(new HeldLease(StoredValues.JobId(reader.GetInt64(0)), reader.GetString(1)));
        }
        // Leases, not ids, and as the caller wrote them: an id with leading zeros names the job but is not its id text.
        return request.Leases.Where(l => !(StoredValues.TryParseJobId(l.JobId, out var id) && held.Contains(new HeldLease(StoredValues.JobId(id), l.LeaseToken)))).ToArray();
    }

    /// <inheritdoc />
    public Task<int> RescueExpiredLeasesAsync(RescueExpiredLeasesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.MaxCount <= 0 ? Task.FromResult(0) : CountingCallAsync(_sql.RescueExpired, request.MaxCount, cancellationToken);
    }

    /// <summary>Runs one of the maintenance functions that take (now, max) and return a count.</summary>
    private async Task<int> CountingCallAsync(string sql, int maxCount, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(sql, cancellationToken).ConfigureAwait(false);
        command.Add(PgValues.ToDb(_time.GetUtcNow())).Add(maxCount);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
