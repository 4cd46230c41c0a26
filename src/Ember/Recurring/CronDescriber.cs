using System.Globalization;

namespace Ember.Recurring;

/// <summary>
/// Describes the common shapes of cron expressions in English ("Every 5 minutes", "Every weekday at 07:30"). Anything
/// it doesn't recognise gets null, and the page shows the expression alone: a wrong description is worse than none.
/// </summary>
internal static class CronDescriber
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "Every year on January 1 at 00:00", ["@annually"] = "Every year on January 1 at 00:00",
        ["@monthly"] = "Every month on day 1 at 00:00", ["@weekly"] = "Every Sunday at 00:00",
        ["@daily"] = "Every day at 00:00", ["@midnight"] = "Every day at 00:00", ["@hourly"] = "Every hour, at minute 0",
        ["@every_minute"] = "Every minute", ["@every_second"] = "Every second",
    };

    /// <summary>A description, or null when the expression has a shape this class doesn't know.</summary>
    public static string? Describe(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron)) return null;
        var trimmed = cron.Trim();
        if (Macros.TryGetValue(trimmed, out var macro)) return macro;
        if (CronSchedule.IsNever(trimmed)) return "Never (only when triggered)";
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 6)
        {
            var seconds = fields[0];
            var rest = fields[1..];
            if (rest.All(f => f == "*"))
            {
                if (seconds == "*") return "Every second";
                if (Step(seconds) is { } s) return $"Every {s} seconds";
                if (Number(seconds, 0, 59) is { } at) return $"Every minute, at second {at}";
                return null;
            }
            if (seconds != "0") return null;
            fields = rest;
        }
        return fields.Length == 5 ? DescribeMinutes(fields[0], fields[1], fields[2], fields[3], fields[4]) : null;
    }

    private static string? DescribeMinutes(string minute, string hour, string dayOfMonth, string month, string dayOfWeek)
    {
        var everyDay = dayOfMonth == "*" && month == "*" && dayOfWeek == "*";
        if (everyDay && hour == "*")
        {
            if (minute == "*") return "Every minute";
            if (Step(minute) is { } m) return $"Every {m} minutes";
            if (Number(minute, 0, 59) is { } at) return $"Every hour, at minute {at}";
            return null;
        }
        if (Number(minute, 0, 59) is not { } min) return null;
        if (everyDay && Step(hour) is { } h) return $"Every {h} hours, at minute {min}";
        if (Hours(hour) is not { } hours) return null;
        var times = Join(hours.Select(x => $"{x:00}:{min:00}").ToArray());
        if (everyDay) return $"Every day at {times}";
        if (dayOfMonth == "*" && month == "*" && WeekDays(dayOfWeek) is { } days) return $"Every {days} at {times}";
        if (dayOfWeek != "*") return null;
        if (Number(dayOfMonth, 1, 31) is not { } dom) return dayOfMonth == "L" && month == "*" ? $"Every month on its last day at {times}" : null;
        if (month == "*") return $"Every month on day {dom} at {times}";
        return Number(month, 1, 12) is { } mon ? $"Every year on {Months[mon - 1]} {dom} at {times}" : null;
    }

    private static int? Step(string field) =>
        field.StartsWith("*/", StringComparison.Ordinal) && int.TryParse(field.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 1 ? n : null;

    private static int? Number(string field, int min, int max) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;

    private static int[]? Hours(string field)
    {
        var parts = field.Split(',');
        var hours = parts.Select(p => Number(p, 0, 23)).ToArray();
        return hours.All(h => h is not null) ? hours.Select(h => h!.Value).ToArray() : null;
    }

    private static string? WeekDays(string field)
    {
        if (field is "1-5" or "MON-FRI") return "weekday (Monday to Friday)";
        if (field is "0,6" or "6,0" or "SAT,SUN" or "SUN,SAT") return "Saturday and Sunday";
        var days = new List<string>();
        foreach (var part in field.Split(','))
        {
            var index = Number(part, 0, 7) ?? Array.FindIndex(Days, d => d[..3].Equals(part, StringComparison.OrdinalIgnoreCase));
            if (index < 0) return null;
            days.Add(Days[index % 7]);
        }
        return Join(days.ToArray());
    }

    private static string Join(string[] items) =>
        items.Length == 1 ? items[0] : string.Join(", ", items[..^1]) + " and " + items[^1];
}
