namespace Ember.Sqlite.Sql;

/// <summary>The statistics counters (migration 0003): kept by <see cref="JobCounters"/>, read by the queries.</summary>
internal static class CounterSql
{
    // $deltas: a JSON object of counter name to delta. "WHERE true" lets SQLite parse ON CONFLICT after a SELECT.
    public const string AddToCounters = """
        INSERT INTO job_counters (name, value) SELECT key, value FROM json_each($deltas) WHERE true
        ON CONFLICT (name) DO UPDATE SET value = value + excluded.value
        """;

    public const string AddToHour = """
        INSERT INTO job_hourly_counts (hour, succeeded, failed) VALUES ($hour, $succeeded, $failed)
        ON CONFLICT (hour) DO UPDATE SET succeeded = succeeded + excluded.succeeded, failed = failed + excluded.failed
        """;

    public const string DeleteHoursBefore = "DELETE FROM job_hourly_counts WHERE hour < $cutoff";

    public const string SelectCounters = "SELECT name, value FROM job_counters";

    public const string SelectHours = "SELECT hour, succeeded, failed FROM job_hourly_counts WHERE hour >= $from AND hour < $to";
}
