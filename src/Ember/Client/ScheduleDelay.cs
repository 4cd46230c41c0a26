using System.Globalization;

namespace Ember;

// A delay becomes a due time by adding it to the client's clock; .NET can't represent a time after 9999-12-31, so the
// longest delay depends on now. Checked here so the caller reads what is wrong rather than DateTime's own complaint.
internal static class ScheduleDelay
{
    public static void ThrowIfNegative(TimeSpan? delay, string paramName)
    {
        if (delay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(paramName, delay, "A schedule delay can't be negative; use TimeSpan.Zero (or Enqueue) to run the job now.");
    }

    /// <summary>When a job delayed by <paramref name="delay"/> from <paramref name="now"/> is due.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative, or ends after <see cref="DateTimeOffset.MaxValue"/>.</exception>
    public static DateTimeOffset DueTime(DateTimeOffset now, TimeSpan delay, string paramName)
    {
        ThrowIfNegative(delay, paramName);
        var longest = DateTimeOffset.MaxValue.UtcDateTime - now.UtcDateTime;
        if (delay > longest)
            throw new ArgumentOutOfRangeException(paramName, delay, string.Create(CultureInfo.InvariantCulture,
                $"A schedule delay of {delay:c} is too long: from now ({now.UtcDateTime:u}) it ends after 9999-12-31 23:59:59 UTC, " +
                $"the latest time .NET can represent. Give a delay from 00:00:00 to {longest:c}."));
        return now + delay;
    }
}
