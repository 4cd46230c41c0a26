using Ember.Dashboard.Rendering;
using Ember.Storage;

namespace Ember.Dashboard.Pages;

/// <summary>Batches newest first: description, progress, counts by outcome, created and finished times.</summary>
internal static class BatchesPage
{
    public static async Task<string> RenderAsync(DashboardContext c)
    {
        var size = c.IntParam("size", c.Options.PageSize, 1, 500);
        var before = c.Param("before");
        var batches = await c.Queries.GetBatchesAsync(new BatchListRequest(size + 1) { BeforeId = before }, c.Aborted).ConfigureAwait(false);
        var html = new Html();
        html.Add($"<h1>Batches</h1><section class=\"panel\">");
        if (batches.Count == 0)
        {
            html.Add($"<p class=\"empty\">{(before is null ? "No batches. Start one with BatchJob.StartNew(batch => batch.Enqueue(...))." : "No older batches.")}</p></section>");
            return Layout.Render(c, Layout.Section.Batches, "Batches", html.ToMarkup());
        }
        Table(html, c, batches.Take(size).ToArray());
        html.Add($"<div class=\"pager\">{(before is null ? new Markup("<span class=\"disabled\">← Newest</span>") : new Markup($"<a href=\"{HtmlEncoding.Encode(c.Url("batches"))}\">← Newest</a>"))}");
        html.Add($"{(batches.Count > size ? new Markup($"<a href=\"{HtmlEncoding.Encode(c.Url("batches", ("before", batches[size - 1].Id)))}\" rel=\"next\">Older →</a>") : new Markup("<span class=\"disabled\">Older →</span>"))}</div>");
        html.Add($"</section>");
        return Layout.Render(c, Layout.Section.Batches, "Batches", html.ToMarkup());
    }

    /// <summary>A table of batches, one row each, linking to their pages.</summary>
    internal static void Table(Html html, DashboardContext c, IReadOnlyList<BatchInfo> batches)
    {
        html.Add($"<div class=\"table-wrap\"><table class=\"batches\"><thead><tr><th>Batch</th><th>State</th><th>Progress</th><th class=\"num\">Succeeded</th><th class=\"num\">Failed</th><th class=\"num\">Deleted</th><th class=\"num\">Running</th><th class=\"num\">Pending</th><th>Created</th><th>Finished</th></tr></thead><tbody>");
        foreach (var batch in batches)
        {
            var url = c.Url("batch/" + Uri.EscapeDataString(batch.Id));
            html.Add($"<tr data-batch=\"{batch.Id}\"><td><a href=\"{url}\">#{batch.Id}</a>{(batch.Description is { } d ? new Markup($" <span class=\"batch-description\">{HtmlEncoding.Encode(Format.Cut(d, 120))}</span>") : Markup.Empty)}</td>");
            html.Add($"<td>{Badge(batch.State)}</td><td>{Progress(batch)}</td><td class=\"num\">{Format.Count(batch.Succeeded)}</td><td class=\"num\">{Format.Count(batch.Failed)}</td><td class=\"num\">{Format.Count(batch.Deleted)}</td>");
            html.Add($"<td class=\"num\">{Format.Count(batch.Running)}</td><td class=\"num\">{Format.Count(batch.Pending)}</td><td>{Format.Time(batch.CreatedAt)}</td><td>{Format.Time(batch.FinishedAt)}</td></tr>");
        }
        html.Add($"</tbody></table></div>");
    }

    /// <summary>A batch's state as a badge, colored as the job state it stands for.</summary>
    public static Markup Badge(BatchState state) => state switch
    {
        BatchState.Started => new("<span class=\"badge s-processing\">Started</span>"),
        BatchState.Succeeded => new("<span class=\"badge s-succeeded\">Succeeded</span>"),
        BatchState.Completed => new("<span class=\"badge s-failed\">Completed with failures</span>"),
        _ => new("<span class=\"badge s-deleted\">Deleted</span>"),
    };

    /// <summary>Finished members out of all, as a bar and in numbers.</summary>
    public static Markup Progress(BatchInfo batch)
    {
        var finished = batch.Total - batch.Pending;
        var html = new Html();
        html.Add($"<progress class=\"job-progress batch-progress\" max=\"{Math.Max(batch.Total, 1)}\" value=\"{(batch.Total == 0 ? 1 : finished)}\"></progress> <span class=\"muted\">{Format.Count(finished)} / {Format.Count(batch.Total)}</span>");
        return html.ToMarkup();
    }
}
