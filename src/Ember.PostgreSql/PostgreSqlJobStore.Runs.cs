using Ember.Storage;
using NpgsqlTypes;

namespace Ember.PostgreSql;

// The life of a run: claimed under a lease, extended while it runs, completed under that lease, or rescued when the
// lease runs out.
public sealed partial class PostgreSqlJobStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<FetchedJob>> FetchJobsAsync(FetchJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count <= 0 || request.Queues.Count == 0) return [];
        var now = _time.GetUtcNow();
        await using var command = await CommandAsync(_sql.Fetch, cancellationToken).ConfigureAwait(false);
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
                PgValues.FromDb(reader.GetDateTime(5))));
        }
        return fetched;
    }

    /// <inheritdoc />
    public async Task<int> CompleteJobsAsync(CompleteJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var completions = request.Completions.Where(c => StoredValues.TryParseJobId(c.JobId, out _)).ToArray();
        if (completions.Length == 0) return 0;
        var n = completions.Length;
        var ids = new long[n];
        var tokens = new string[n];
        var states = new string[n];
        var reasons = new string?[n];
        var scheduledAt = new DateTime?[n];
        var expireAt = new DateTime?[n];
        var hasError = new bool[n];
        var errorTypes = new string?[n];
        var errorMessages = new string?[n];
        var errorDetails = new string?[n];
        var serverIds = new string?[n];
        var durations = new double?[n];
        var continuationsExpireAt = new DateTime?[n];
        for (var i = 0; i < n; i++)
        {
            var (jobId, token, change) = (completions[i].JobId, completions[i].LeaseToken, completions[i].Change);
            ids[i] = PgValues.ParseKnownId(jobId);
            tokens[i] = token;
            states[i] = StoredValues.Name(change.State);
            reasons[i] = change.Reason;
            scheduledAt[i] = change.State == JobState.Scheduled ? PgValues.ToDb(change.ScheduledAt) : null;
            expireAt[i] = PgValues.ToDb(change.ExpireAt);
            hasError[i] = change.Error is not null;
            errorTypes[i] = change.Error?.Type;
            errorMessages[i] = change.Error?.Message;
            errorDetails[i] = change.Error?.Details;
            serverIds[i] = change.ServerId;
            durations[i] = PgValues.ToDb(change.Duration);
            continuationsExpireAt[i] = PgValues.ToDb(change.ContinuationsExpireAt);
        }
        await using var command = await CommandAsync(_sql.Complete, cancellationToken).ConfigureAwait(false);
        command
            .AddArray(ids, NpgsqlDbType.Bigint)
            .AddArray(tokens, NpgsqlDbType.Text)
            .AddArray(states, NpgsqlDbType.Text)
            .AddArray(reasons, NpgsqlDbType.Text)
            .AddArray(scheduledAt, NpgsqlDbType.TimestampTz)
            .AddArray(expireAt, NpgsqlDbType.TimestampTz)
            .AddArray(hasError, NpgsqlDbType.Boolean)
            .AddArray(errorTypes, NpgsqlDbType.Text)
            .AddArray(errorMessages, NpgsqlDbType.Text)
            .AddArray(errorDetails, NpgsqlDbType.Text)
            .AddArray(serverIds, NpgsqlDbType.Text)
            .AddArray(durations, NpgsqlDbType.Double)
            .AddArray(continuationsExpireAt, NpgsqlDbType.TimestampTz)
            .Add(PgValues.ToDb(_time.GetUtcNow()));
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

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
