using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

// Job mutexes ([DisableConcurrentExecution]): held by one run, free again as soon as that run is over.
public sealed partial class SqliteJobStore
{
    /// <inheritdoc />
    public Task<bool> TryAcquireMutexAsync(MutexRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // One IMMEDIATE transaction: no other run can take the mutex between the look at its holder and the take.
        return _database.WriteAsync(request, static (session, r) =>
        {
            string? holderJobId = null, holderToken = null;
            using (var reader = session.Command(MutexSql.SelectHolder).Bind("$name", r.Name).ExecuteReader())
            {
                if (reader.Read()) (holderJobId, holderToken) = (reader.GetString(0), reader.GetString(1));
            }
            var heldByAnotherRun = holderJobId is not null && (holderJobId != r.JobId || holderToken != r.LeaseToken);
            // The holder's job id is parsed here, as the in-memory store does: one that names no job (or a job pruned
            // since) holds nothing.
            if (heldByAnotherRun && StoredValues.TryParseJobId(holderJobId, out var holderId)
                && session.Command(MutexSql.IsRunning).Bind("$id", holderId).Bind("$lease_token", holderToken).ExecuteScalar() is not null)
                return false;
            session.Command(MutexSql.Take).Bind("$name", r.Name).Bind("$job_id", r.JobId).Bind("$lease_token", r.LeaseToken).ExecuteNonQuery();
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseMutexAsync(MutexRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _database.WriteAsync(request, static (session, r) =>
            session.Command(MutexSql.Release).Bind("$name", r.Name).Bind("$job_id", r.JobId).Bind("$lease_token", r.LeaseToken).ExecuteNonQuery(), cancellationToken);
    }
}
