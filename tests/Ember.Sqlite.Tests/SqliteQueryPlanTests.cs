using Ember.Sqlite.Sql;
using Xunit;

namespace Ember.Sqlite.Tests;

// The statements that run all the time must search their partial index, never a whole table: a store full of finished
// jobs fetches (and releases continuations, and finds due recurring jobs) as fast as an empty one.
public sealed class SqliteQueryPlanTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(JobSql.Fetch, "ix_jobs_enqueued")]
    [InlineData(JobSql.SelectDueScheduled, "ix_jobs_scheduled")]
    [InlineData(JobSql.SelectExpiredLeases, "ix_jobs_processing")]
    [InlineData(JobSql.DeleteExpired, "ix_jobs_expire")]
    [InlineData(QuerySql.SelectPage, "ix_jobs_state")]
    [InlineData(QuerySql.SearchPage, "ix_jobs_state")]
    [InlineData(QuerySql.SearchBound, "ix_jobs_state")]
    [InlineData(QuerySql.CountEnqueuedByQueue, "ix_jobs_enqueued")]
    [InlineData(QuerySql.CountFailedByType, "ix_jobs_failed")]
    [InlineData(CounterSql.SelectHours, "PRIMARY KEY")]
    [InlineData(CounterSql.DeleteHoursBefore, "PRIMARY KEY")]
    [InlineData(JobSql.SelectAwaitingContinuations, "ix_jobs_parent")]
    [InlineData(QuerySql.SelectContinuationIds, "ix_jobs_parent")]
    [InlineData(RecurringSql.SelectDue, "ix_recurring_jobs_due")]
    public async Task Statement_searches_its_index(string sql, string index)
    {
        using (var store = _database.CreateStore()) await store.InitializeAsync();
        using var connection = _database.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "$now", "$queue", "$limit", "$offset", "$state", "$server_id", "$lease_token_prefix", "$lease_expires_at", "$parent_id", "$scan_offset", "$bound", "$from", "$to", "$cutoff" })
        {
            if (sql.Contains(name, StringComparison.Ordinal)) command.Parameters.AddWithValue(name, name == "$state" ? "Enqueued" : 1);
        }

        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) plan.Add(reader.GetString(3));
        }

        Assert.Contains(plan, step => step.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains("INDEX", StringComparison.Ordinal));
    }
}
