using System.Buffers.Binary;
using Ember.Sqlite.Sql;
using Ember.Storage;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

// Rate limits: the states of a call's keys are read and written in one IMMEDIATE transaction, so no other taker
// (thread or process) counts between the read and the write; RateLimitRules decides.
public sealed partial class SqliteJobStore
{
    /// <inheritdoc />
    public Task<RatePermitResult> TakeRatePermitsAsync(RatePermitRequest request, CancellationToken cancellationToken = default)
    {
        RateLimitRules.Validate(request);
        return _database.WriteAsync((request.Limits, Now: SqliteValues.ToMs(_time.GetUtcNow())), static (session, s) =>
        {
            var states = new RateLimitState?[s.Limits.Count];
            for (var i = 0; i < states.Length; i++) states[i] = Read(session, s.Limits[i]);
            var result = RateLimitRules.TakeAll(s.Limits, states, s.Now, out var next);
            if (result.IsGranted)
                for (var i = 0; i < next.Length; i++) Write(session, s.Limits[i], next[i]);
            return result;
        }, cancellationToken);
    }

    private static RateLimitState? Read(WriteSession session, RateLimitOptions limit)
    {
        using var reader = session.Command(RateLimitSql.Select).Bind("$key", limit.Key).Bind("$algorithm", StoredValues.Name(limit.Algorithm)).ExecuteReader();
        if (!reader.Read()) return null;
        return new RateLimitState
        {
            PeriodMs = reader.GetInt64(0), WindowStart = reader.GetInt64(1), Taken = reader.GetInt64(2), Level = reader.GetInt64(3),
            RefilledAt = reader.GetInt64(4), Starts = reader.IsDBNull(5) ? [] : Starts((byte[])reader.GetValue(5)), ExpiresAt = reader.GetInt64(6),
        };
    }

    private static void Write(WriteSession session, RateLimitOptions limit, RateLimitState state) =>
        session.Command(RateLimitSql.Upsert)
            .Bind("$key", limit.Key).Bind("$algorithm", StoredValues.Name(limit.Algorithm)).Bind("$period_ms", state.PeriodMs)
            .Bind("$window_start", state.WindowStart).Bind("$taken", state.Taken).Bind("$level", state.Level).Bind("$refilled_at", state.RefilledAt)
            .Bind("$starts", state.Starts.Count == 0 ? null : Blob(state.Starts)).Bind("$expires_at", state.ExpiresAt)
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
