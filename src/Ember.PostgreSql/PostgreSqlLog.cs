using Microsoft.Extensions.Logging;

namespace Ember.PostgreSql;

// Every log line the PostgreSQL store writes, as [LoggerMessage] so that disabled levels cost nothing.
internal static partial class PostgreSqlLog
{
    [LoggerMessage(101, LogLevel.Warning, "Ember.PostgreSql: the LISTEN connection failed; retrying in {Delay} with backoff (servers poll meanwhile)")]
    public static partial void ListenFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(102, LogLevel.Information, "Ember.PostgreSql: listening for work again after {Failures} failed attempts")]
    public static partial void ListenRestored(ILogger logger, int failures);
}
