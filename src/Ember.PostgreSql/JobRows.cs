using Ember.Storage;
using Npgsql;

namespace Ember.PostgreSql;

/// <summary>Reads jobs and history rows (columns in <see cref="Sql.QuerySql"/> order).</summary>
internal static class JobRows
{
    public static JobInfo ReadInfo(NpgsqlDataReader reader) => new()
    {
        Id = StoredValues.JobId(reader.GetInt64(0)),
        Queue = reader.GetString(1),
        State = StoredValues.ParseState(reader.GetString(2)),
        Invocation = reader.GetString(3),
        CreatedAt = PgValues.FromDb(reader.GetDateTime(4)),
        StateChangedAt = PgValues.FromDb(reader.GetDateTime(5)),
        Attempt = reader.GetInt32(6),
        ScheduledAt = reader.IsDBNull(7) ? null : PgValues.FromDb(reader.GetDateTime(7)),
        LastError = reader.IsDBNull(8) ? null : new JobError(reader.GetString(8), reader.GetString(9), reader.GetString(10)),
        ServerId = reader.IsDBNull(11) ? null : reader.GetString(11),
        LeaseExpiresAt = reader.IsDBNull(12) ? null : PgValues.FromDb(reader.GetDateTime(12)),
        ExpireAt = reader.IsDBNull(13) ? null : PgValues.FromDb(reader.GetDateTime(13)),
        ParentId = reader.IsDBNull(14) ? null : StoredValues.JobId(reader.GetInt64(14)),
        ContinuationOptions = StoredValues.ParseEnum<JobContinuationOptions>(reader.GetString(15), "jobs.continuation_options"),
        BatchId = reader.IsDBNull(16) ? null : StoredValues.JobId(reader.GetInt64(16)),
    };

    /// <summary>A batch as the batch queries of <see cref="Sql.QuerySql"/> read it.</summary>
    public static BatchInfo ReadBatch(NpgsqlDataReader reader) => new()
    {
        Id = StoredValues.JobId(reader.GetInt64(0)),
        Description = reader.IsDBNull(1) ? null : reader.GetString(1),
        State = StoredValues.ParseEnum<BatchState>(reader.GetString(2), "batches.state"),
        ParentBatchId = reader.IsDBNull(3) ? null : StoredValues.JobId(reader.GetInt64(3)),
        CreatedAt = PgValues.FromDb(reader.GetDateTime(4)),
        FinishedAt = reader.IsDBNull(5) ? null : PgValues.FromDb(reader.GetDateTime(5)),
        Cancelled = reader.GetBoolean(6),
        Total = reader.GetInt32(7),
        Succeeded = reader.GetInt32(8),
        Failed = reader.GetInt32(9),
        Deleted = reader.GetInt32(10),
        Running = reader.GetInt64(11),
    };

    public static StateHistoryEntry ReadHistory(NpgsqlDataReader reader) => new(
        StoredValues.ParseState(reader.GetString(0)),
        StoredValues.ParseKind(reader.GetInt16(8)),
        PgValues.FromDb(reader.GetDateTime(1)),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : new JobError(reader.GetString(4), reader.GetString(5), reader.GetString(6)),
        reader.IsDBNull(7) ? null : StoredValues.DurationFromMs(reader.GetDouble(7)));
}
