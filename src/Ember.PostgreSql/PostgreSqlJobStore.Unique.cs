using Ember.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ember.PostgreSql;

// Creating jobs with unique keys (NewJob.Unique).
public sealed partial class PostgreSqlJobStore
{
    // One transaction (the caller's when enlisted): lock the keys, find their holders, store the other jobs, record
    // their keys. The lock makes a second creator of a key wait until the first commits; under READ COMMITTED its
    // holder query then sees the first one's job.
    private async Task<CreateJobsResult> CreateUniqueJobsOnAsync(NpgsqlConnection? connection, IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken)
    {
        // Checked before the keys are locked or anything is read, as the other stores do.
        foreach (var job in jobs) NewJobRules.Validate(job ?? throw new ArgumentException("A new job is null.", nameof(jobs)));
        var now = _time.GetUtcNow();
        NpgsqlConnection? own = null;
        NpgsqlTransaction? transaction = null;
        try
        {
            if (connection is null)
            {
                if (!_initialized) await InitializeAsync(cancellationToken).ConfigureAwait(false);
                connection = own = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                transaction = await own.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            }
            var unique = jobs.Select((job, i) => (job.Unique, i)).Where(u => u.Unique is not null).ToArray();
            await using (var lockKeys = await CommandOnAsync(connection, _sql.LockUniqueKeys, cancellationToken).ConfigureAwait(false))
            {
                lockKeys.AddArray(unique.Select(u => u.Unique!.Key).ToArray(), NpgsqlDbType.Text);
                await lockKeys.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            var holders = new long?[unique.Length];
            await using (var select = await CommandOnAsync(connection, _sql.SelectUniqueHolders, cancellationToken).ConfigureAwait(false))
            {
                select
                    .AddArray(unique.Select(u => u.Unique!.Key).ToArray(), NpgsqlDbType.Text)
                    .AddArray(unique.Select(u => StoredValues.StatesJson(u.Unique!.States)).ToArray(), NpgsqlDbType.Text)
                    .AddArray(unique.Select(u => u.Unique!.Since(now) is { } since ? (object)PgValues.ToDb(since) : DBNull.Value).ToArray(), NpgsqlDbType.TimestampTz);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                for (var n = 0; await reader.ReadAsync(cancellationToken).ConfigureAwait(false); n++)
                    holders[n] = reader.IsDBNull(0) ? null : reader.GetInt64(0);
            }

            // Which jobs to store: not those whose key is held, in the database or by a job earlier in this call.
            var ids = new string[jobs.Count];
            var sameCall = new Dictionary<int, int>(); // position -> position of the job of this call that holds its key
            var existing = new List<int>();
            var toStore = new List<int>();
            var heldHere = new Dictionary<string, int>(StringComparer.Ordinal); // key -> position of the job of this call that holds it
            var at = 0;
            for (var i = 0; i < jobs.Count; i++)
            {
                var key = jobs[i].Unique;
                if (key is null) { toStore.Add(i); continue; }
                var holder = holders[at++];
                if (heldHere.TryGetValue(key.Key, out var earlier) && key.HoldsIn(jobs[earlier].State)) { existing.Add(i); sameCall[i] = earlier; continue; }
                if (holder is { } held)
                {
                    existing.Add(i);
                    ids[i] = StoredValues.JobId(held);
                    if (key.Debounce) await DebounceAsync(connection, held, jobs[i], now, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                toStore.Add(i);
                heldHere[key.Key] = i;
            }
            if (toStore.Count > 0)
            {
                var stored = await InsertJobsOnAsync(connection, toStore.Select(i => jobs[i]).ToArray(), cancellationToken).ConfigureAwait(false);
                for (var n = 0; n < stored.Length; n++) ids[toStore[n]] = stored[n];
                var keyed = toStore.Select((i, n) => (Job: jobs[i], Id: stored[n])).Where(s => s.Job.Unique is not null).ToArray();
                await using var insert = await CommandOnAsync(connection, _sql.InsertUniqueKeys, cancellationToken).ConfigureAwait(false);
                insert
                    .AddArray(keyed.Select(k => long.Parse(k.Id, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), NpgsqlDbType.Bigint)
                    .AddArray(keyed.Select(k => k.Job.Unique!.Key).ToArray(), NpgsqlDbType.Text)
                    .Add(PgValues.ToDb(now));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            // A key held by a job of this same call answers with that job's id, known only now.
            foreach (var (i, earlier) in sameCall) ids[i] = ids[earlier];
            if (transaction is not null) await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new CreateJobsResult(ids, existing);
        }
        finally
        {
            if (transaction is not null) await transaction.DisposeAsync().ConfigureAwait(false);
            if (own is not null) await own.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Rare (a debounced key found held), so one statement per job rather than a batch.
    private async Task DebounceAsync(NpgsqlConnection connection, long holder, NewJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await CommandOnAsync(connection, _sql.DebounceUnique, cancellationToken).ConfigureAwait(false);
        command.Add(holder).Add(job.Invocation).Add(PgValues.ToDb(job.ScheduledAt), NpgsqlDbType.TimestampTz).Add(PgValues.ToDb(now)).Add(job.Reason, NpgsqlDbType.Text);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
