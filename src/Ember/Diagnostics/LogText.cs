using System.Globalization;

namespace Ember;

// Words and times for log lines: plurals that agree with their count, times in ISO 8601 (UTC) whatever the culture.
internal static class LogText
{
    public static string Plural(long count, string one, string many) => count == 1 ? one : many;

    public static string Jobs(long count) => Plural(count, "job", "jobs");

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture);
}
