namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobQueries.GetHourlyCountsAsync"/>.</summary>
/// <param name="From">The first hour wanted; rounded down to the hour.</param>
/// <param name="To">The end of the range (exclusive); rounded up to the hour.</param>
public sealed record HourlyCountsRequest(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The most hours one request may ask for: 31 days, the longest stores must keep.</summary>
    public const int MaxHours = 31 * 24;

    /// <summary>The start of every hour in the range, oldest first, in UTC.</summary>
    /// <exception cref="ArgumentException">The range is reversed or longer than <see cref="MaxHours"/>.</exception>
    public IReadOnlyList<DateTimeOffset> Hours()
    {
        var first = StartOfHour(From);
        var last = StartOfHour(To);
        var end = last < To ? last.AddHours(1) : last; // To rounded up to the hour
        var count = (int)Math.Max(0, (end - first).TotalHours);
        if (end < first || count > MaxHours)
            throw new ArgumentException($"Hourly counts cover 0 to {MaxHours} hours; {From:O} to {To:O} asks for {(end - first).TotalHours:0}.", nameof(To));
        return Enumerable.Range(0, count).Select(i => first.AddHours(i)).ToArray();
    }

    /// <summary>The start of the UTC hour that holds <paramref name="at"/>.</summary>
    public static DateTimeOffset StartOfHour(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
