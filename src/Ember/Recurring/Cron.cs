namespace Ember;

/// <summary>Common cron expressions, named as in Hangfire, e.g. <c>Cron.Daily(3, 30)</c> for 03:30 every day.</summary>
public static class Cron
{
    /// <summary>Every minute.</summary>
    public static string Minutely() => "* * * * *";

    /// <summary>Every hour at the given minute.</summary>
    public static string Hourly(int minute = 0) => $"{minute} * * * *";

    /// <summary>Every day at the given time.</summary>
    public static string Daily(int hour = 0, int minute = 0) => $"{minute} {hour} * * *";

    /// <summary>Every week on the given day and time.</summary>
    public static string Weekly(DayOfWeek dayOfWeek = DayOfWeek.Monday, int hour = 0, int minute = 0) => $"{minute} {hour} * * {(int)dayOfWeek}";

    /// <summary>Every month on the given day and time.</summary>
    public static string Monthly(int day = 1, int hour = 0, int minute = 0) => $"{minute} {hour} {day} * *";

    /// <summary>Every year on the given date and time.</summary>
    public static string Yearly(int month = 1, int day = 1, int hour = 0, int minute = 0) => $"{minute} {hour} {day} {month} *";

    /// <summary>Every <paramref name="interval"/> minutes.</summary>
    public static string MinuteInterval(int interval) => $"*/{interval} * * * *";
}
