using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

// The life of a run: claimed under a lease, extended while it runs, completed under that lease, or rescued when the
// lease runs out.
public sealed partial class SqliteJobStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<FetchedJob>> FetchJobsAsync(FetchJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count <= 0 || request.Queues.Count == 0) return [];
        var now = _time.GetUtcNow();
        return await _database.WriteAsync(ClaimOf(request, now), Claim, cancellationToken).ConfigureAwait(false);
    }

    // A fresh random prefix per call; the statement appends the job id, so every claim gets its own token.
    private static (FetchJobsRequest Request, long Now, long LeaseExpiresAt, string TokenPrefix) ClaimOf(FetchJobsRequest request, DateTimeOffset now) =>
        (request, SqliteValues.ToMs(now), SqliteValues.ToMs(now + request.LeaseDuration), Guid.NewGuid().ToString("N") + "-");

    // The fetch, in the caller's write transaction.
    private static List<FetchedJob> Claim(WriteSession session, (FetchJobsRequest Request, long Now, long LeaseExpiresAt, string TokenPrefix) s)
    {
        var fetched = new List<FetchedJob>(Math.Min(s.Request.Count, 256));
        var claimed = new List<(long Id, string Invocation, int Attempt, long CreatedAt, string Token, string? Parameters)>();
        var update = session.Command(JobSql.Fetch)
            .Bind("$now", s.Now)
            .Bind("$server_id", s.Request.ServerId)
            .Bind("$lease_token_prefix", s.TokenPrefix)
            .Bind("$lease_expires_at", s.LeaseExpiresAt);
        var paused = PausedQueues(session);
        foreach (var queue in s.Request.Queues)
        {
            var remaining = s.Request.Count - fetched.Count;
            if (remaining <= 0) break;
            if (paused?.Contains(queue) == true) continue;
            claimed.Clear();
            var keyed = (long)session.Command(ConcurrencySql.AnyKeyedEnqueued).Bind("$queue", queue).ExecuteScalar()! == 1;
            var claim = keyed
                ? PickUnderLimits(session, queue, remaining) is { Count: > 0 } picked
                    ? session.Command(ConcurrencySql.Claim).Bind("$ids", "[" + string.Join(',', picked) + "]")
                        .Bind("$now", s.Now).Bind("$server_id", s.Request.ServerId).Bind("$lease_token_prefix", s.TokenPrefix).Bind("$lease_expires_at", s.LeaseExpiresAt)
                    : null
                : update.Bind("$queue", queue).Bind("$limit", remaining);
            if (claim is null) continue;
            using (var reader = claim.ExecuteReader())
            {
                while (reader.Read()) claimed.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
            if (claimed.Count == 0) continue;
            claimed.Sort(static (x, y) => x.Id.CompareTo(y.Id));
            session.Counters.Moved(JobState.Enqueued, JobState.Processing, s.Now, queue, claimed.Count);
            foreach (var job in claimed)
                fetched.Add(new FetchedJob(StoredValues.JobId(job.Id), queue, job.Invocation, job.Attempt, job.Token, SqliteValues.FromMs(job.CreatedAt)) { Parameters = StoredValues.ParseParameters(job.Parameters) });
            session.Command(JobSql.InsertFetchHistory)
                .Bind("$now", s.Now)
                .Bind("$server_id", s.Request.ServerId)
                .Bind("$job_ids", "[" + string.Join(',', claimed.Select(c => StoredValues.JobId(c.Id))) + "]")
                .ExecuteNonQuery();
        }
        return fetched;
    }

    // The oldest jobs of a queue that their keys' limits let run, at most `count`: a job whose key is full is passed
    // over and parked (it stays Enqueued, out of the fetch's index, until a run of its key ends: JobTransitions), and
    // the scan goes on to the jobs behind it. Read in the fetch's write transaction, so no other fetch runs in between
    // and the counts stay true until the claim.
    private static List<long> PickUnderLimits(WriteSession session, string queue, int count)
    {
        var picked = new List<long>(Math.Min(count, 256));
        var full = new List<long>();
        var keys = new Dictionary<string, (int Running, int? Set)>(StringComparer.Ordinal);
        using (var reader = session.Command(ConcurrencySql.SelectEnqueued).Bind("$queue", queue).ExecuteReader())
        {
            while (picked.Count < count && reader.Read()) Pick(session, reader, keys, picked, full);
        }
        if (full.Count > 0) session.Command(ConcurrencySql.Park).Bind("$ids", "[" + string.Join(',', full) + "]").ExecuteNonQuery();
        return picked;
    }

    // One job of the scan: picked, or full (its key's runs, counted with the jobs picked so far, reach its limit).
    private static void Pick(WriteSession session, Microsoft.Data.Sqlite.SqliteDataReader reader, Dictionary<string, (int Running, int? Set)> keys, List<long> picked, List<long> full)
    {
        if (reader.IsDBNull(1))
        {
            picked.Add(reader.GetInt64(0));
            return;
        }
        var key = reader.GetString(1);
        if (!keys.TryGetValue(key, out var slots))
        {
            using var counts = session.Command(ConcurrencySql.SelectKey).Bind("$key", key).ExecuteReader();
            counts.Read();
            slots = (counts.GetInt32(0), counts.IsDBNull(1) ? (int?)null : counts.GetInt32(1));
        }
        var limit = slots.Set ?? (reader.IsDBNull(2) ? (int?)null : reader.GetInt32(2)) ?? ConcurrencyLimit.DefaultLimit;
        if (slots.Running < limit)
        {
            picked.Add(reader.GetInt64(0));
            slots.Running++;
        }
        else full.Add(reader.GetInt64(0));
        keys[key] = slots;
    }

    /// <inheritdoc />
    public async Task<CompleteJobsResult> CompleteJobsAsync(CompleteJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Completions.Count == 0) return new CompleteJobsResult([]);
        var (applied, completed, enqueued) = await _database.WriteAsync((request.Completions, Now: SqliteValues.ToMs(_time.GetUtcNow())), static (session, s) =>
        {
            var applied = new HashSet<HeldLease>();
            var completed = new HashSet<HeldLease>();
            var enqueued = new List<string>();
            foreach (var completion in s.Completions)
            {
                var lease = new HeldLease(completion.JobId, completion.LeaseToken);
                if (!StoredValues.TryParseJobId(completion.JobId, out var jobId) || applied.Contains(lease)) continue;
                if (JobTransitions.ApplyIfLeased(session, jobId, completion.LeaseToken, completion.Change, s.Now, enqueued) is not null) applied.Add(lease);
                else if (session.Command(JobSql.SelectCompletedRun).Bind("$id", jobId).Bind("$lease_token", completion.LeaseToken).ExecuteScalar() is not null) completed.Add(lease);
            }
            return (applied, completed, enqueued);
        }, cancellationToken).ConfigureAwait(false);
        NotifyEnqueued(enqueued);
        return CompleteJobsResult.From(request.Completions, applied, completed);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HeldLease>> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Leases.Count == 0) return [];
        var state = (request.Leases, LeaseExpiresAt: SqliteValues.ToMs(_time.GetUtcNow() + request.LeaseDuration));
        return await _database.WriteAsync(state, static (session, s) =>
        {
            var lost = new List<HeldLease>();
            var update = session.Command(JobSql.ExtendLease).Bind("$lease_expires_at", s.LeaseExpiresAt);
            foreach (var lease in s.Leases)
            {
                var held = StoredValues.TryParseJobId(lease.JobId, out var jobId)
                    && update.Bind("$id", jobId).Bind("$lease_token", lease.LeaseToken).ExecuteNonQuery() == 1;
                if (!held) lost.Add(lease);
            }
            return lost;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> RescueExpiredLeasesAsync(RescueExpiredLeasesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxCount <= 0) return 0;
        var (rescued, enqueued) = await _database.WriteAsync((request.MaxCount, Now: SqliteValues.ToMs(_time.GetUtcNow())), static (session, s) =>
        {
            var expired = new List<(long Id, string? ServerId)>();
            using (var reader = session.Command(JobSql.SelectExpiredLeases).Bind("$now", s.Now).Bind("$limit", s.MaxCount).ExecuteReader())
            {
                while (reader.Read()) expired.Add((reader.GetInt64(0), reader.GetNullableString(1)));
            }
            var enqueued = new List<string>(expired.Count);
            var rescued = 0;
            foreach (var job in expired)
            {
                var change = StateChange.Enqueued(HistoryKind.Rescued, job.ServerId);
                if (JobTransitions.ApplyIfInState(session, job.Id, JobState.Processing, change, s.Now, enqueued) is not null) rescued++;
            }
            return (rescued, enqueued);
        }, cancellationToken).ConfigureAwait(false);
        NotifyEnqueued(enqueued);
        return rescued;
    }
}
