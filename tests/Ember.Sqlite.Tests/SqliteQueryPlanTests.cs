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
    [InlineData(ConcurrencySql.SelectEnqueued, "ix_jobs_enqueued")]
    [InlineData(ConcurrencySql.AnyKeyedEnqueued, "ix_jobs_concurrency_enqueued")]
    [InlineData(ConcurrencySql.UnparkOldest, "ix_jobs_parked")]
    [InlineData(ConcurrencySql.UnparkAll, "ix_jobs_parked")]
    [InlineData(JobSql.SelectDueScheduled, "ix_jobs_scheduled")]
    [InlineData(JobSql.SelectExpiredLeases, "ix_jobs_processing")]
    [InlineData(JobSql.DeleteExpired, "ix_jobs_expire")]
    [InlineData(QuerySql.SearchBound, "ix_jobs_state")]
    [InlineData(QuerySql.SelectQueueCounters, "PRIMARY KEY")]
    [InlineData(QuerySql.CountFailedByType, "ix_jobs_failed")]
    [InlineData(CounterSql.SelectHours, "PRIMARY KEY")]
    [InlineData(CounterSql.DeleteHoursBefore, "PRIMARY KEY")]
    [InlineData(RecurringSql.SelectDue, "ix_recurring_jobs_due")]
    [InlineData(JobSql.CountParentFinished, "PRIMARY KEY")]
    [InlineData(QuerySql.SelectContinuationIds, "PRIMARY KEY")]
    [InlineData(QuerySql.SelectParentIds, "ix_job_parents_child")]
    [InlineData(QuerySql.CountRunningInBatch, "ix_jobs_batch")]
    [InlineData(QuerySql.SelectBatchJobsInState, "ix_jobs_batch")]
    [InlineData(QuerySql.SelectNestedBatches, "ix_batches_parent")]
    public async Task Statement_searches_its_index(string sql, string index)
    {
        using (var store = _database.CreateStore()) await store.InitializeAsync();
        using var connection = _database.OpenRaw();
        using var command = connection.CreateCommand();
        var plan = Plan(_database, sql);

        Assert.Contains(plan, step => step.Contains(index, StringComparison.Ordinal));
        // A scan of a table, not of the one row a scalar subquery stands on or of the few rows a recursive CTE made.
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains("INDEX", StringComparison.Ordinal)
            && step != "SCAN CONSTANT ROW" && step != "SCAN q");
    }

    // The fetch seeks past a queue's parked jobs (parked = 1) and reads the rest in id order, without sorting them.
    [Theory]
    [InlineData(JobSql.Fetch)]
    [InlineData(ConcurrencySql.SelectEnqueued)]
    public async Task The_fetch_reads_unparked_jobs_in_index_order(string sql)
    {
        using (var store = _database.CreateStore()) await store.InitializeAsync();

        var plan = Plan(_database, sql);

        Assert.Contains(plan, step => step.Contains("ix_jobs_enqueued (queue=? AND parked=?", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    public static TheoryData<int, JobState> PageFilterCombinations()
    {
        var data = new TheoryData<int, JobState>();
        for (var filters = 0; filters <= (int)PageFilters.All; filters++)
            foreach (var state in Enum.GetValues<JobState>()) data.Add(filters, state);
        return data;
    }

    // Every combination of list filters reads a range of the index that holds its rows, newest first: a search on the
    // state (or an index of that state alone) and each filter's own column, the walk's key (id < $before) a bound of
    // it, and no sort. Processing by queue is the one exception: its range of the state is read and filtered, as
    // Processing holds at most one job per worker.
    [Theory]
    [MemberData(nameof(PageFilterCombinations))]
    public async Task A_page_with_any_filters_reads_a_range_of_its_own_index_without_sorting(int combination, JobState state)
    {
        var filters = (PageFilters)combination;
        using (var store = _database.CreateStore()) await store.InitializeAsync();

        var plan = Plan(_database, QuerySql.Page(filters, state), state);

        var index = QuerySql.PageIndex(filters, state);
        var byQueue = filters.HasFlag(PageFilters.Queue) && !filters.HasFlag(PageFilters.WithError) && !filters.HasFlag(PageFilters.ExceptionType);
        var stateColumn = byQueue && index != "ix_jobs_state" ? "" : "state=? AND ";
        var column = filters.HasFlag(PageFilters.ExceptionType) ? "last_error_type=? AND "
            : byQueue && state == JobState.Enqueued ? "queue=? AND parked=? AND " // waiting and parked, merged (MERGE (UNION ALL))
            : byQueue && index != "ix_jobs_state" ? "queue=? AND " : "";
        // A search's bound on what it examines is the range's other end.
        var expected = $"{index} ({stateColumn}{column}{(filters.HasFlag(PageFilters.Search) ? "id>? AND " : "")}id<?)";
        Assert.True(plan.Any(step => step.StartsWith("SEARCH jobs USING INDEX " + expected, StringComparison.Ordinal)), expected + " in:\n" + string.Join("\n", plan));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal));
        if (byQueue && state == JobState.Enqueued)
            Assert.Equal(2, plan.Count(step => step.StartsWith("SEARCH jobs USING INDEX " + expected, StringComparison.Ordinal) || step == "MERGE (UNION ALL)") - 1);
        if (byQueue) Assert.Equal(state == JobState.Processing ? "ix_jobs_state" : state == JobState.Enqueued ? "ix_jobs_enqueued" : $"ix_jobs_{state.ToString().ToLowerInvariant()}_queue", index);
    }

    private static List<string> Plan(TempDatabase database, string sql, JobState state = JobState.Enqueued)
    {
        using var connection = database.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "$now", "$queue", "$limit", "$offset", "$state", "$server_id", "$lease_token_prefix", "$lease_expires_at", "$parent_id", "$scan_offset", "$bound", "$from", "$to", "$cutoff", "$before", "$exception_type", "$search_id", "$pattern" })
        {
            if (sql.Contains(name, StringComparison.Ordinal)) command.Parameters.AddWithValue(name, name is "$state" ? state.ToString() : name is "$pattern" or "$exception_type" or "$queue" ? "x" : 1);
        }
        var plan = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) plan.Add(reader.GetString(3));
        return plan;
    }
}
