using System.Globalization;

namespace Ember.Dashboard.Rendering;

/// <summary>Times, durations and numbers as the pages show them.</summary>
internal static class Format
{
    /// <summary>
    /// A point in time: a &lt;time&gt; element in UTC that ember.js rewrites into the browser's local time and a
    /// relative form ("3 min ago"), so the page needs no idea of the visitor's time zone.
    /// </summary>
    public static Markup Time(DateTimeOffset? at)
    {
        if (at is not { } value) return new("<span class=\"muted\">–</span>");
        var utc = value.ToUniversalTime();
        var iso = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var text = utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        return new($"<time datetime=\"{iso}\" title=\"{text}\">{text}</time>");
    }

    /// <summary>A duration in the largest fitting unit: "850 ms", "4.2 s", "3 min 20 s", "2 h 5 min", "3 d 4 h".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        var inv = CultureInfo.InvariantCulture;
        if (span.TotalSeconds < 1) return ((long)span.TotalMilliseconds).ToString(inv) + " ms";
        if (span.TotalSeconds < 60) return span.TotalSeconds.ToString(span.TotalSeconds < 10 ? "0.0" : "0", inv) + " s";
        if (span.TotalMinutes < 60) return $"{(int)span.TotalMinutes} min {span.Seconds} s";
        if (span.TotalHours < 24) return $"{(int)span.TotalHours} h {span.Minutes} min";
        return $"{(int)span.TotalDays} d {span.Hours} h";
    }

    /// <summary>A count with thousands separators: "1,000,000".</summary>
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1 job", "3 jobs".</summary>
    public static string Jobs(long count) => count == 1 ? "1 job" : $"{Count(count)} jobs";

    /// <summary>Text cut to at most <paramref name="max"/> characters, with an ellipsis when cut.</summary>
    public static string Cut(string? text, int max)
    {
        if (string.IsNullOrEmpty(text)) return "";
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
    }
}
