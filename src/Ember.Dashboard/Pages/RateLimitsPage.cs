using System.Globalization;
using Ember.Dashboard.Rendering;
using Ember.Storage;

namespace Ember.Dashboard.Pages;

/// <summary>
/// Rate limits: each key whose count is in force (one row per key and algorithm), with its rule, what is used of its
/// window or bucket, the jobs holding its permits (Processing) and waiting on it, and when it next allows a start; a
/// page of keys at a time (by key), since a store may count thousands of them (one per customer).
/// </summary>
internal static class RateLimitsPage
{
    public static async Task<string> RenderAsync(DashboardContext c)
    {
        var size = c.IntParam("size", 100, 1, 500);
        var from = c.IntParam("from", 0, 0, int.MaxValue - 1000);
        // One more than shown: whether a next page exists, without counting every key.
        var keys = await c.Queries.GetRateLimitsAsync(new RateLimitListRequest(size + 1) { Offset = from }, c.Aborted).ConfigureAwait(false);
        var shown = keys.Take(size).ToArray();
        var html = new Html();
        html.Add($"<h1>Rate limits <small>{(shown.Length == 0 ? "" : keys.Count > size || from > 0 ? $"{Format.Count(from + 1)}–{Format.Count(from + shown.Length)}" : Format.Count(shown.Length))}</small></h1>");
        html.Add($"<p class=\"muted\">Starts per period per key, across every server. For runs at once per key, see <a href=\"{c.Url("concurrency")}\">Concurrency limits</a>.</p>");
        html.Add($"<section class=\"panel\">");
        if (shown.Length == 0)
        {
            html.Add($"<p class=\"empty\">{(from == 0 ? "No rate limit key is counting starts now. Jobs get limits from [RateLimit] or EnqueueOptions.RateLimits; a key shows here from its first start until its window ends or its bucket is full again." : "No more keys.")}</p>");
        }
        else
        {
            html.Add($"<div class=\"table-wrap\"><table class=\"rate-limits\"><thead><tr><th>Key</th><th>Rule</th><th>Used</th>");
            html.Add($"<th class=\"num\" title=\"Jobs of the key claimed by a server: each holds the permit it took, or runs on it\">Processing</th>");
            html.Add($"<th class=\"num\" title=\"Jobs of the key Enqueued or Scheduled: not started yet, those put off by a limit included\">Waiting</th><th>Next start</th></tr></thead><tbody>");
            foreach (var key in shown)
            {
                html.Add($"<tr data-key=\"{key.Key}\" data-algorithm=\"{key.Algorithm.ToString()}\"><td><code>{key.Key}</code></td><td class=\"rule\">{Rule(key)}</td><td class=\"used\">{Used(key)}</td>");
                html.Add($"<td class=\"num processing\">{Format.Count(key.Processing)}</td><td class=\"num waiting\">{Format.Count(key.Waiting)}</td>");
                html.Add($"<td class=\"next\">{(key.NextFreeAt is { } next ? Format.Time(next) : new Markup("<span class=\"tag\">now</span>"))}</td></tr>");
            }
            html.Add($"</tbody></table></div>");
            html.Add($"<div class=\"pager\">{(from == 0 ? new Markup("<span class=\"disabled\">← First</span>") : new Markup($"<a href=\"{HtmlEncoding.Encode(c.Url("rate-limits", ("from", Math.Max(0, from - size).ToString(CultureInfo.InvariantCulture)), ("size", Size(c))))}\">← Previous</a>"))}");
            html.Add($"{(keys.Count > size ? new Markup($"<a href=\"{HtmlEncoding.Encode(c.Url("rate-limits", ("from", (from + size).ToString(CultureInfo.InvariantCulture)), ("size", Size(c))))}\" rel=\"next\">Next →</a>") : new Markup("<span class=\"disabled\">Next →</span>"))}</div>");
        }
        html.Add($"</section>");
        return Layout.Render(c, Layout.Section.RateLimits, "Rate limits", html.ToMarkup());
    }

    // The page size only when the visitor chose one, so that links stay short.
    private static string? Size(DashboardContext c) => c.Param("size") is null ? null : c.IntParam("size", 100, 1, 500).ToString(CultureInfo.InvariantCulture);

    /// <summary>"100 per 1 min · fixed window"; a limit of 0 is a state written before Ember stored it.</summary>
    internal static string Rule(RateLimitInfo key) =>
        $"{(key.Limit > 0 ? Format.Count(key.Limit) : "?")} per {Period(key.Period)} · {Algorithm(key.Algorithm)}";

    /// <summary>What is used of the window or bucket, in the algorithm's own terms.</summary>
    internal static string Used(RateLimitInfo key)
    {
        var limit = key.Limit > 0 ? Format.Count(key.Limit) : "?";
        return key.Algorithm switch
        {
            RateLimitAlgorithm.SlidingWindow => $"{Format.Count((long)key.Count)} of {limit} in the last {Period(key.Period)}",
            RateLimitAlgorithm.TokenBucket => $"{Tokens(key.Count)} of {limit} tokens left",
            _ => $"{Format.Count((long)key.Count)} of {limit} this window",
        };
    }

    // Tokens refill continuously: one decimal, cut down (never show a token that isn't there yet).
    private static string Tokens(double tokens) =>
        (Math.Floor(tokens * 10) / 10).ToString("#,##0.#", CultureInfo.InvariantCulture);

    internal static string Algorithm(RateLimitAlgorithm algorithm) => algorithm switch
    {
        RateLimitAlgorithm.SlidingWindow => "sliding window",
        RateLimitAlgorithm.TokenBucket => "token bucket",
        _ => "fixed window",
    };

    // As RateLimitOptions writes a period in a job's history: the largest unit it is a whole number of.
    internal static string Period(TimeSpan period)
    {
        var inv = CultureInfo.InvariantCulture;
        if (period.Ticks % TimeSpan.TicksPerDay == 0) return period.TotalDays.ToString(inv) + " d";
        if (period.Ticks % TimeSpan.TicksPerHour == 0) return period.TotalHours.ToString(inv) + " h";
        if (period.Ticks % TimeSpan.TicksPerMinute == 0) return period.TotalMinutes.ToString(inv) + " min";
        if (period.Ticks % TimeSpan.TicksPerSecond == 0) return period.TotalSeconds.ToString(inv) + " s";
        return period.TotalMilliseconds.ToString(inv) + " ms";
    }
}
