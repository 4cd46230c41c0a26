using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

// The rate limit keys in force, for the dashboard: the stored states, described by RateLimitRules at the store's time,
// with the live jobs that carry them counted (RateLimitJobCounts), in one read transaction.
internal sealed partial class SqliteJobQueries
{
    public Task<IReadOnlyList<RateLimitInfo>> GetRateLimitsAsync(RateLimitListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return database.ReadAsync((request.Count, request.Offset, Now: SqliteValues.ToMs(time.GetUtcNow())), static (connection, r) =>
        {
            var infos = new List<RateLimitInfo>();
            using var command = Command(connection, RateLimitSql.SelectInForce);
            command.Parameters.AddWithValue("$now", r.Now);
            command.Parameters.AddWithValue("$count", r.Count);
            command.Parameters.AddWithValue("$offset", r.Offset);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var state = SqliteJobStore.ReadRateLimitState(reader, 2);
                    if (RateLimitRules.Describe(reader.GetString(0), Enum.Parse<RateLimitAlgorithm>(reader.GetString(1)), state, r.Now) is { } info) infos.Add(info);
                }
            }
            infos.Sort(RateLimitRules.Compare);
            if (infos.Count == 0) return (IReadOnlyList<RateLimitInfo>)infos;
            var jobs = new RateLimitJobCounts();
            using var count = Command(connection, RateLimitSql.SelectJobLimits);
            using (var reader = count.ExecuteReader())
                while (reader.Read()) jobs.Add(reader.GetString(0), reader.GetInt64(1) != 0, reader.GetInt64(2));
            return jobs.Apply(infos);
        }, cancellationToken);
    }
}
