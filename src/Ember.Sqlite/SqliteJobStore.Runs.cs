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
        return (await CompleteAndFetchJobsAsync(new CompleteAndFetchRequest([], request), cancellationToken).ConfigureAwait(false)).Fetched;
    }

    /// <inheritdoc />
    public async Task<int> CompleteJobsAsync(CompleteJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Completions.Count == 0) return 0;
        return (await CompleteAndFetchJobsAsync(new CompleteAndFetchRequest(request.Completions, NoFetch), cancellationToken).ConfigureAwait(false)).Applied;
    }

    /// <inheritdoc />
    /// <remarks>One write transaction for both: SQLite has one writer at a time, so every transaction saved is time the file is free.</remarks>
    public async Task<CompleteAndFetchResult> CompleteAndFetchJobsAsync(CompleteAndFetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var fetch = request.Fetch;
        // A fresh random prefix per call; the statement appends the job id, so every claim gets its own token.
        var state = (request.Completions, fetch, Now: SqliteValues.ToMs(now), LeaseExpiresAt: SqliteValues.ToMs(now + fetch.LeaseDuration), TokenPrefix: Guid.NewGuid().ToString("N") + "-");
        var (applied, fetched, enqueued) = await _database.WriteAsync(state, static (session, s) =>
        {
            var enqueued = new List<string>();
            var applied = Complete(session, s.Completions, s.Now, enqueued);
            var fetched = s.fetch.Count <= 0 ? [] : Fetch(session, s.fetch, s.Now, s.LeaseExpiresAt, s.TokenPrefix);
            return (applied, fetched, enqueued);
        }, cancellationToken).ConfigureAwait(false);
        NotifyEnqueued(enqueued);
        return new CompleteAndFetchResult(applied, fetched);
    }

    private static readonly FetchJobsRequest NoFetch = new(string.Empty, [], 0, TimeSpan.Zero);

    private static int Complete(WriteSession session, IReadOnlyList<JobCompletion> completions, long now, List<string> enqueued)
    {
        var applied = 0;
        foreach (var completion in completions)
        {
            if (StoredValues.TryParseJobId(completion.JobId, out var jobId)
                && JobTransitions.ApplyIfLeased(session, jobId, completion.LeaseToken, completion.Change, now, enqueued) is not null)
                applied++;
        }
        return applied;
    }

    private static List<FetchedJob> Fetch(WriteSession session, FetchJobsRequest request, long now, long leaseExpiresAt, string tokenPrefix)
    {
        var fetched = new List<FetchedJob>(Math.Min(request.Count, 256));
        var claimed = new List<(long Id, string Invocation, int Attempt, long CreatedAt, string Token)>();
        var update = session.Command(JobSql.Fetch)
            .Bind("$now", now)
            .Bind("$server_id", request.ServerId)
            .Bind("$lease_token_prefix", tokenPrefix)
            .Bind("$lease_expires_at", leaseExpiresAt);
        foreach (var queue in request.Queues)
        {
            var remaining = request.Count - fetched.Count;
            if (remaining <= 0) break;
            claimed.Clear();
            using (var reader = update.Bind("$queue", queue).Bind("$limit", remaining).ExecuteReader())
            {
                while (reader.Read()) claimed.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetString(4)));
            }
            if (claimed.Count == 0) continue;
            claimed.Sort(static (x, y) => x.Id.CompareTo(y.Id));
            session.Counters.Moved(JobState.Enqueued, JobState.Processing, now, claimed.Count);
            foreach (var job in claimed)
                fetched.Add(new FetchedJob(StoredValues.JobId(job.Id), queue, job.Invocation, job.Attempt, job.Token, SqliteValues.FromMs(job.CreatedAt)));
            session.Command(JobSql.InsertFetchHistory)
                .Bind("$now", now)
                .Bind("$server_id", request.ServerId)
                .Bind("$job_ids", "[" + string.Join(',', claimed.Select(c => StoredValues.JobId(c.Id))) + "]")
                .ExecuteNonQuery();
        }
        return fetched;
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
                var change = new StateChange { State = JobState.Enqueued, Reason = RescueReason.For(job.ServerId) };
                if (JobTransitions.ApplyIfInState(session, job.Id, JobState.Processing, change, s.Now, enqueued) is not null) rescued++;
            }
            return (rescued, enqueued);
        }, cancellationToken).ConfigureAwait(false);
        NotifyEnqueued(enqueued);
        return rescued;
    }
}
