using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

// Limits of concurrency keys set at run time. The fetch enforces the limits (PickUnderLimits in the Runs file).
public sealed partial class SqliteJobStore
{
    /// <inheritdoc />
    public async Task SetConcurrencyLimitAsync(SetConcurrencyLimitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var wake = await _database.WriteAsync(request, static (session, r) =>
        {
            var command = r.Limit is { } limit
                ? session.Command(ConcurrencySql.SetLimit).Bind("$key", r.Key).Bind("$limit", limit)
                : session.Command(ConcurrencySql.RemoveLimit).Bind("$key", r.Key);
            command.ExecuteNonQuery();
            // A raised limit may let waiting jobs run: every job parked by the key goes back (the next fetch parks
            // again those still over the limit), and the queues that hold keyed jobs are woken.
            var queues = new List<string>();
            JobTransitions.Unpark(session, ConcurrencySql.UnparkAll, r.Key, queues);
            using var reader = session.Command(ConcurrencySql.KeyedQueues).ExecuteReader();
            while (reader.Read()) queues.Add(reader.GetString(0));
            return queues;
        }, cancellationToken).ConfigureAwait(false);
        NotifyEnqueued(wake);
    }
}
