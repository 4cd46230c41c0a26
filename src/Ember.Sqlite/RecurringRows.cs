using Ember.Storage;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

/// <summary>Turns recurring_jobs rows into records; the column order is <see cref="Sql.RecurringSql.Columns"/>.</summary>
internal static class RecurringRows
{
    public static RecurringJobRecord Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Cron = reader.GetString(1),
        TimeZoneId = reader.GetString(2),
        Queue = reader.GetString(3),
        Invocation = reader.GetString(4),
        Misfire = StoredValues.ParseEnum<MisfireHandlingMode>(reader.GetString(5), "recurring_jobs.misfire"),
        NextRunAt = reader.GetNullableTime(6),
        LastRunAt = reader.GetNullableTime(7),
        LastJobId = reader.GetNullableString(8),
        Error = reader.GetNullableString(9),
        CreatedAt = SqliteValues.FromMs(reader.GetInt64(10)),
        Paused = reader.GetInt64(11) != 0,
    };

    public static List<RecurringJobRecord> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var records = new List<RecurringJobRecord>();
        while (reader.Read()) records.Add(Read(reader));
        return records;
    }

    /// <summary>
    /// The in-memory store's order: NextRunAt, then id by .NET ordinal. SQLite compares text as UTF-8 bytes, which
    /// differs from UTF-16 ordinal only between characters beyond the BMP and U+E000..U+FFFF.
    /// </summary>
    public static void SortByNextRun(List<RecurringJobRecord> records) =>
        records.Sort(static (x, y) => Nullable.Compare(x.NextRunAt, y.NextRunAt) is var c and not 0 ? c : string.CompareOrdinal(x.Id, y.Id));
}
