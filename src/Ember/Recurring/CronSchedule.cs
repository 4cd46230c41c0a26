using Cronos;

namespace Ember.Recurring;

/// <summary>A cron expression read in a time zone, via Cronos: 5 fields, 6 with seconds first, or a macro (@daily …).</summary>
internal sealed class CronSchedule
{
    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        _expression = expression;
        _zone = zone;
    }

    /// <exception cref="ArgumentException">The expression or time zone is invalid; the message names it.</exception>
    public static CronSchedule Parse(string cron, string timeZoneId) => new(ParseExpression(cron), FindZone(timeZoneId));

    public static CronExpression ParseExpression(string cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
            throw new ArgumentException("The cron expression is empty; use 5 fields (minute hour day month weekday), e.g. \"*/5 * * * *\".", nameof(cron));
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return CronExpression.Parse(cron.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw new ArgumentException($"Cron expression \"{cron}\" is invalid: {ex.Message} Use 5 fields (minute hour day month weekday), 6 with seconds first, or a macro such as @hourly.", nameof(cron), ex);
        }
    }

    /// <summary>Whether a valid expression has no occurrence at all, such as <c>Cron.Never()</c> (February 31).</summary>
    public static bool IsNever(string cron)
    {
        try
        {
            // Any fixed start will do: an expression that fires at all fires within a few years of any date.
            return ParseExpression(cron).GetNextOccurrence(NeverProbe) is null;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static readonly DateTime NeverProbe = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static TimeZoneInfo FindZone(string timeZoneId)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new ArgumentException($"Time zone \"{timeZoneId}\" is not known on this machine. Use an IANA id such as \"Europe/Paris\" (or a Windows id such as \"Romance Standard Time\"), or TimeZoneInfo.Utc.", nameof(timeZoneId), ex);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => _expression.GetNextOccurrence(after, _zone, inclusive: false);

    /// <summary>Occurrences in (<paramref name="after"/>, <paramref name="upTo"/>], at most <paramref name="limit"/>.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset upTo, int limit) =>
        _expression.GetOccurrences(after, upTo, _zone, fromInclusive: false, toInclusive: true).Take(limit);
}
