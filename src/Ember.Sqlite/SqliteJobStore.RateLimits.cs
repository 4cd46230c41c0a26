using System.Buffers.Binary;
using Ember.Sqlite.Sql;
using Ember.Storage;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

// Rate limits: the states of a call's keys are read and written in one IMMEDIATE transaction, so no other taker
// (thread or process) counts between the read and the write; RateLimitRules decides, each key read and written once.
public sealed partial class SqliteJobStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<RatePermitResult>> TakeRatePermitsAsync(TakeRatePermitsRequest request, CancellationToken cancellationToken = default)
    {
        RateLimitRules.Validate(request);
        return _database.WriteAsync((request, Now: SqliteValues.ToMs(_time.GetUtcNow())), static (session, s) =>
        {
            var results = RateLimitRules.TakeAll(s.request, (key, algorithm) => Read(session, key, algorithm), s.Now, out var writes);
            foreach (var ((key, algorithm), state) in writes) Write(session, key, algorithm, state);
            return results;
        }, cancellationToken);
    }

    private static RateLimitState? Read(WriteSession session, string key, RateLimitAlgorithm algorithm)
    {
        using var reader = session.Command(RateLimitSql.Select).Bind("$key", key).Bind("$algorithm", StoredValues.Name(algorithm)).ExecuteReader();
        return reader.Read() ? ReadRateLimitState(reader, 0) : null;
    }

    /// <summary>A state from the columns of <see cref="RateLimitSql.Select"/>, from <paramref name="at"/> on.</summary>
    internal static RateLimitState ReadRateLimitState(SqliteDataReader reader, int at) => new()
    {
        PeriodMs = reader.GetInt64(at), WindowStart = reader.GetInt64(at + 1), Taken = reader.GetInt64(at + 2), Level = reader.GetInt64(at + 3),
        RefilledAt = reader.GetInt64(at + 4), Starts = reader.IsDBNull(at + 5) ? [] : Starts((byte[])reader.GetValue(at + 5)), ExpiresAt = reader.GetInt64(at + 6),
        Limit = reader.GetInt64(at + 7),
    };

    private static void Write(WriteSession session, string key, RateLimitAlgorithm algorithm, RateLimitState state) =>
        session.Command(RateLimitSql.Upsert)
            .Bind("$key", key).Bind("$algorithm", StoredValues.Name(algorithm)).Bind("$period_ms", state.PeriodMs)
            .Bind("$window_start", state.WindowStart).Bind("$taken", state.Taken).Bind("$level", state.Level).Bind("$refilled_at", state.RefilledAt)
            .Bind("$starts", state.Starts.Count == 0 ? null : Blob(state.Starts)).Bind("$expires_at", state.ExpiresAt).Bind("$limit_value", state.Limit)
            .ExecuteNonQuery();

    private static long[] Starts(byte[] blob)
    {
        var starts = new long[blob.Length / sizeof(long)];
        for (var i = 0; i < starts.Length; i++) starts[i] = BinaryPrimitives.ReadInt64LittleEndian(blob.AsSpan(i * sizeof(long)));
        return starts;
    }

    private static byte[] Blob(IReadOnlyList<long> starts)
    {
        var blob = new byte[starts.Count * sizeof(long)];
        for (var i = 0; i < starts.Count; i++) BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(i * sizeof(long)), starts[i]);
        return blob;
    }

    /// <summary>Deletes the rate limit states that count as none; with the expired jobs.</summary>
    private static void DeleteExpiredRateLimits(WriteSession session, long now) =>
        session.Command(RateLimitSql.DeleteExpired).Bind("$now", now).ExecuteNonQuery();
}
