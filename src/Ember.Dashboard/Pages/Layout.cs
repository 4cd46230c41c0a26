using Ember.Dashboard.Actions;
using Ember.Dashboard.Rendering;
using Ember.Dashboard.Security;

namespace Ember.Dashboard.Pages;

/// <summary>The frame of every page: header with navigation and search, the notice of the last action, the body.</summary>
internal static class Layout
{
    /// <summary>The sections of the header's navigation.</summary>
    public enum Section { Overview, Jobs, Retries, Batches, Recurring, Servers, Search, Concurrency, RateLimits }

    public static string Render(DashboardContext c, Section section, string title, Markup body)
    {
        var options = c.Options;
        var html = new Html();
        html.Add($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta name="robots" content="noindex, nofollow">
            <link rel="icon" href="data:,">
            <title>{title} · {options.Title}</title>
            <link rel="stylesheet" href="{c.Url(StaticAssets.Css.Path)}">
            <script src="{c.Url(StaticAssets.Js.Path)}" defer></script>
            </head>
            <body data-root="{c.Root}" data-interval="{(int)c.Options.StatsPollingInterval.TotalMilliseconds}">
            <header class="top">
            <a class="brand" href="{c.Url("")}"><span class="flame">◆</span> {options.Title}</a>
            <nav>
            """);
        Nav(html, c, section, Section.Overview, "", "Overview");
        Nav(html, c, section, Section.Jobs, "jobs/enqueued", "Jobs");
        Nav(html, c, section, Section.Retries, "retries", "Retries");
        Nav(html, c, section, Section.Batches, "batches", "Batches");
        Nav(html, c, section, Section.Recurring, "recurring", "Recurring");
        Nav(html, c, section, Section.Concurrency, "concurrency", "Concurrency");
        Nav(html, c, section, Section.RateLimits, "rate-limits", "Rate limits");
        Nav(html, c, section, Section.Servers, "servers", "Servers");
        html.Add($"""
            </nav>
            <form class="search" method="get" action="{c.Url("search")}" role="search">
            <input type="search" name="q" placeholder="Job id, method or argument" value="{(section == Section.Search && DashboardInput.Problem("search", c.Param("q"), DashboardInput.MaxSearchLength) is null ? c.Param("q") : null)}" aria-label="Search jobs">
            </form>
            """);
        if (options.ReadOnly) html.Add($"<span class=\"pill readonly\" title=\"Actions are disabled\">read-only</span>");
        if (options.AppPath is { } app) html.Add($"<a class=\"back\" href=\"{app}\">Back to site</a>");
        html.Add($"</header>\n<main>\n");
        html.Raw(Notice(c));
        html.Raw(body);
        html.Add($"""
            </main>
            <footer>Ember · times in your browser's time zone · <span id="clock"></span></footer>
            </body>
            </html>
            """);
        return html.ToString();
    }

    private static void Nav(Html html, DashboardContext c, Section current, Section section, string path, string label) =>
        html.Add($"<a href=\"{c.Url(path)}\"{(current == section ? new Markup(" class=\"active\" aria-current=\"page\"") : Markup.Empty)}>{label}</a>");

    /// <summary>What the last action did: codes in the query, never free text, so a link can't put words on the page.</summary>
    private static Markup Notice(DashboardContext c)
    {
        if (ActionNotice.Read(c.Param) is not { } notice) return Markup.Empty;
        var html = new Html();
        if (notice.OperationId is { } op)
        {
            html.Add($"<div class=\"notice\" data-operation=\"{c.Url("api/operations/" + Uri.EscapeDataString(op))}\"><span class=\"spinner\"></span> <span class=\"text\">Working…</span></div>");
            return html.ToMarkup();
        }
        if (notice.IsProblem)
        {
            html.Add($"<div class=\"notice error\">{ActionNotice.Describe(notice.Problem)}</div>");
            return html.ToMarkup();
        }
        var verb = notice.Done switch
        {
            ActionDone.Requeued => "Requeued",
            ActionDone.Deleted => "Deleted",
            ActionDone.Triggered => "Triggered",
            ActionDone.Paused or ActionDone.QueuePaused => "Paused",
            ActionDone.Resumed or ActionDone.QueueResumed => "Resumed",
            ActionDone.Cancelled => "Cancelled",
            ActionDone.LimitSet => "Set",
            _ => "Removed",
        };
        var count = notice.Count;
        var what = notice.Done switch
        {
            ActionDone.QueuePaused or ActionDone.QueueResumed => count == 1 ? "the queue" : $"{Format.Count(count)} queues",
            ActionDone.Triggered or ActionDone.Removed or ActionDone.Paused or ActionDone.Resumed => count == 1 ? "1 recurring job" : $"{Format.Count(count)} recurring jobs",
            ActionDone.Cancelled => count == 1 ? "the batch" : "no batch: it had already finished",
            ActionDone.LimitSet or ActionDone.LimitRemoved => "the key's limit",
            _ => Format.Jobs(count),
        };
        var tail = notice.Missed == 0 || notice.Done is ActionDone.Cancelled ? "" : $" {Format.Count(notice.Missed)} could not be: not found, or already in that state.";
        html.Add($"<div class=\"notice{(count == 0 ? new Markup(" error") : Markup.Empty)}\">{verb} {what}.{tail}</div>");
        return html.ToMarkup();
    }
}
