using Ember.Storage;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

/// <summary>Turns rows into contract records; the column orders are those of <see cref="Sql.QuerySql"/>.</summary>
internal static class JobRows
{
    public static JobInfo ReadInfo(SqliteDataReader reader) => new()
    {
        Id = StoredValues.JobId(reader.GetInt64(0)),
        Queue = reader.GetString(1),
        State = StoredValues.ParseState(reader.GetString(2)),
        Invocation = reader.GetString(3),
        CreatedAt = SqliteValues.FromMs(reader.GetInt64(4)),
        StateChangedAt = SqliteValues.FromMs(reader.GetInt64(5)),
        Attempt = reader.GetInt32(6),
        ScheduledAt = reader.GetNullableTime(7),
        LastError = ReadError(reader, 8),
        ServerId = reader.GetNullableString(11),
        LeaseExpiresAt = reader.GetNullableTime(12),
        ExpireAt = reader.GetNullableTime(13),
        ParentId = reader.GetNullableInt64(14) is { } parentId ? StoredValues.JobId(parentId) : null,
        ContinuationOptions = StoredValues.ParseEnum<JobContinuationOptions>(reader.GetString(15), "jobs.continuation_options"),
        BatchId = reader.GetNullableInt64(16) is { } batchId ? StoredValues.JobId(batchId) : null,
    };

    /// <summary>A batch, in the order of <see cref="Sql.QuerySql.BatchColumns"/>; its running jobs are counted apart.</summary>
    public static BatchInfo ReadBatch(SqliteDataReader reader) => new()
    {
        Id = StoredValues.JobId(reader.GetInt64(0)),
        Description = reader.GetNullableString(1),
        State = StoredValues.ParseEnum<BatchState>(reader.GetString(2), "batches.state"),
        ParentBatchId = reader.GetNullableInt64(3) is { } parent ? StoredValues.JobId(parent) : null,
        CreatedAt = SqliteValues.FromMs(reader.GetInt64(4)),
        FinishedAt = reader.GetNullableTime(5),
        Cancelled = reader.GetBoolean(6),
        Total = reader.GetInt64(7),
        Succeeded = reader.GetInt64(8),
        Failed = reader.GetInt64(9),
        Deleted = reader.GetInt64(10),
    };

    /// <summary>A job as <see cref="Sql.QuerySql.SelectJob"/> reads it: with what it reported.</summary>
    public static JobInfo ReadDetailsInfo(SqliteDataReader reader) => ReadInfo(reader) with
    {
        Result = reader.GetNullableString(17),
        Parameters = StoredValues.ParseParameters(reader.GetNullableString(18)),
        Progress = reader.IsDBNull(19) ? null : reader.GetInt32(19),
    };

    public static StateHistoryEntry ReadHistory(SqliteDataReader reader) => new(
        StoredValues.ParseState(reader.GetString(0)),
        StoredValues.ParseKind(reader.GetInt64(8)),
        SqliteValues.FromMs(reader.GetInt64(1)),
        reader.GetNullableString(2),
        reader.GetNullableString(3),
        ReadError(reader, 4),
        reader.IsDBNull(7) ? null : StoredValues.DurationFromMs(reader.GetDouble(7)));

    /// <summary>An error is stored as three columns (type, message, details); a null type means none.</summary>
    private static JobError? ReadError(SqliteDataReader reader, int typeOrdinal) =>
        reader.IsDBNull(typeOrdinal)
            ? null
            : new JobError(reader.GetString(typeOrdinal), reader.GetNullableString(typeOrdinal + 1) ?? "", reader.GetNullableString(typeOrdinal + 2) ?? "");
}
