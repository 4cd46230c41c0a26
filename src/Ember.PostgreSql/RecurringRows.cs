using Ember.Storage;
using Npgsql;

namespace Ember.PostgreSql;

/// <summary>Reads recurring_jobs rows (columns in <see cref="Sql.RecurringSql.Columns"/> order).</summary>
internal static class RecurringRows
{
    public static RecurringJobRecord Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Cron = reader.GetString(1),
        TimeZoneId = reader.GetString(2),
        Queue = reader.GetString(3),
        Invocation = reader.GetString(4),
        Misfire = StoredValues.ParseEnum<MisfireHandlingMode>(reader.GetString(5), "recurring_jobs.misfire"),
        NextRunAt = reader.IsDBNull(6) ? null : PgValues.FromDb(reader.GetDateTime(6)),
        LastRunAt = reader.IsDBNull(7) ? null : PgValues.FromDb(reader.GetDateTime(7)),
        LastJobId = reader.IsDBNull(8) ? null : reader.GetString(8),
        Error = reader.IsDBNull(9) ? null : reader.GetString(9),
        CreatedAt = PgValues.FromDb(reader.GetDateTime(10)),
        Paused = reader.GetBoolean(11),
    };

    public static async Task<List<RecurringJobRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var records = new List<RecurringJobRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) records.Add(Read(reader));
        return records;
    }
}
