using Ember.Sqlite.Sql;
using Ember.Storage;

namespace Ember.Sqlite;

// The rate limit keys in force, for the dashboard: the stored states, described by RateLimitRules at the store's time.
internal sealed partial class SqliteJobQueries
{
    public Task<IReadOnlyList<RateLimitInfo>> GetRateLimitsAsync(RateLimitListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return database.ReadAsync((request.Count, Now: SqliteValues.ToMs(time.GetUtcNow())), static (connection, r) =>
        {
            var infos = new List<RateLimitInfo>();
            using var command = Command(connection, RateLimitSql.SelectInForce);
            command.Parameters.AddWithValue("$now", r.Now);
            command.Parameters.AddWithValue("$count", r.Count);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var state = SqliteJobStore.ReadRateLimitState(reader, 2);
                if (RateLimitRules.Describe(reader.GetString(0), Enum.Parse<RateLimitAlgorithm>(reader.GetString(1)), state, r.Now) is { } info) infos.Add(info);
            }
            infos.Sort(RateLimitRules.Compare);
            return (IReadOnlyList<RateLimitInfo>)infos;
        }, cancellationToken);
    }
}
