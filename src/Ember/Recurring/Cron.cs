namespace Ember;

/// <summary>
/// Common cron expressions, named as in Hangfire, e.g. <c>Cron.Daily(3, 30)</c> for 03:30 every day. Each helper has
/// a parameterless overload, so the method group itself can be passed where a <c>Func&lt;string&gt;</c> is expected
/// (<c>RecurringJob.AddOrUpdate("id", () => ..., Cron.Hourly)</c>).
/// </summary>
public static class Cron
{
    /// <summary>Every minute.</summary>
    public static string Minutely() => "* * * * *";

    /// <summary>Every hour at minute 0.</summary>
    public static string Hourly() => Hourly(0);

    /// <summary>Every hour at the given minute.</summary>
    public static string Hourly(int minute) => $"{minute} * * * *";

    /// <summary>Every day at 00:00.</summary>
    public static string Daily() => Daily(0);

    /// <summary>Every day at the given hour, minute 0.</summary>
    public static string Daily(int hour) => Daily(hour, 0);

    /// <summary>Every day at the given time.</summary>
    public static string Daily(int hour, int minute) => $"{minute} {hour} * * *";

    /// <summary>Every Monday at 00:00.</summary>
    public static string Weekly() => Weekly(DayOfWeek.Monday);

    /// <summary>Every week on the given day at 00:00.</summary>
    public static string Weekly(DayOfWeek dayOfWeek) => Weekly(dayOfWeek, 0);

    /// <summary>Every week on the given day and hour, minute 0.</summary>
    public static string Weekly(DayOfWeek dayOfWeek, int hour) => Weekly(dayOfWeek, hour, 0);

    /// <summary>Every week on the given day and time.</summary>
    public static string Weekly(DayOfWeek dayOfWeek, int hour, int minute) => $"{minute} {hour} * * {(int)dayOfWeek}";

    /// <summary>Every month on day 1 at 00:00.</summary>
    public static string Monthly() => Monthly(1);

    /// <summary>Every month on the given day at 00:00.</summary>
    public static string Monthly(int day) => Monthly(day, 0);

    /// <summary>Every month on the given day and hour, minute 0.</summary>
    public static string Monthly(int day, int hour) => Monthly(day, hour, 0);

    /// <summary>Every month on the given day and time.</summary>
    public static string Monthly(int day, int hour, int minute) => $"{minute} {hour} {day} * *";

    /// <summary>Every year on January 1 at 00:00.</summary>
    public static string Yearly() => Yearly(1);

    /// <summary>Every year on day 1 of the given month at 00:00.</summary>
    public static string Yearly(int month) => Yearly(month, 1);

    /// <summary>Every year on the given date at 00:00.</summary>
    public static string Yearly(int month, int day) => Yearly(month, day, 0);

    /// <summary>Every year on the given date and hour, minute 0.</summary>
    public static string Yearly(int month, int day, int hour) => Yearly(month, day, hour, 0);

    /// <summary>Every year on the given date and time.</summary>
    public static string Yearly(int month, int day, int hour, int minute) => $"{minute} {hour} {day} {month} *";

    /// <summary>
    /// Never (February 31, as in Hangfire): a recurring job that runs only when triggered (<c>RecurringJob.TriggerJob</c>,
    /// or the dashboard's "Trigger now"). It is stored with no next run, which the dashboard shows as "never".
    /// </summary>
    public static string Never() => Yearly(2, 31);

    /// <summary>Every <paramref name="interval"/> minutes, from minute 0 of each hour.</summary>
    public static string MinuteInterval(int interval) => $"*/{interval} * * * *";

    /// <summary>Every <paramref name="interval"/> hours, from 00:00 of each day.</summary>
    public static string HourInterval(int interval) => $"0 */{interval} * * *";

    /// <summary>Every <paramref name="interval"/> days at 00:00, from day 1 of each month.</summary>
    public static string DayInterval(int interval) => $"0 0 */{interval} * *";

    /// <summary>Every <paramref name="interval"/> months on day 1 at 00:00, from January.</summary>
    public static string MonthInterval(int interval) => $"0 0 1 */{interval} *";

    /// <summary>
    /// The expression in English, e.g. "Every weekday (Monday to Friday) at 07:30", or "Never (only when triggered)";
    /// null for a shape it doesn't know, since a wrong description is worse than none. The dashboard shows it.
    /// </summary>
    public static string? GetDescription(string cronExpression) => Recurring.CronDescriber.Describe(cronExpression);
}
