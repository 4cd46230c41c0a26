using Ember.Dashboard.Rendering;
using Ember.Storage;

namespace Ember.Dashboard.Pages;

/// <summary>One batch: its state and counts, nested batches, continuations and jobs (a page at a time, by state); cancel and requeue its failed jobs.</summary>
internal static class BatchPage
{
    /// <summary>The page, or null when there is no such batch.</summary>
    public static async Task<string?> RenderAsync(DashboardContext c, string id)
    {
        if (await c.Queries.GetBatchAsync(id, c.Aborted).ConfigureAwait(false) is not { } batch) return null;
        var state = JobStates.FromSlug(c.Param("state"));
        var size = c.IntParam("size", c.Options.PageSize, 1, 500);
        var before = c.Param("before");
        var jobs = await c.Queries.GetBatchJobsAsync(new BatchJobsRequest(batch.Id, size + 1) { State = state, BeforeId = before }, c.Aborted).ConfigureAwait(false);
        var nested = await c.Queries.GetBatchesAsync(new BatchListRequest(100) { ParentBatchId = batch.Id }, c.Aborted).ConfigureAwait(false);
        var continuations = await c.Queries.GetContinuationIdsAsync(batch.Id, c.Aborted).ConfigureAwait(false);

        var html = new Html();
        html.Add($"<h1>Batch #{batch.Id} {BatchesPage.Badge(batch.State)}{(batch.Description is { } d ? new Markup($" <small>{HtmlEncoding.Encode(d)}</small>") : Markup.Empty)}</h1>");
        if (c.CanAct && (batch.State == BatchState.Started || batch.Failed > 0))
        {
            html.Add($"<form method=\"post\" class=\"toolbar\">{c.FormFields()}<input type=\"hidden\" name=\"id\" value=\"{batch.Id}\">");
            if (batch.State == BatchState.Started)
                html.Add($"<button class=\"danger\" formaction=\"{c.Url("actions/batches/cancel")}\" data-confirm=\"Cancel batch {batch.Id}? Its jobs that have not finished are deleted (running ones are cancelled).\">Cancel batch</button>");
            if (batch.Failed > 0)
                html.Add($"<button formaction=\"{c.Url("actions/batches/requeue-failed")}\">Requeue failed jobs</button>");
            html.Add($"</form>");
        }
        html.Add($"<section class=\"panel\"><h2>Progress</h2><p>{BatchesPage.Progress(batch)}</p><dl class=\"facts\">");
        Fact(html, "Succeeded", Format.Count(batch.Succeeded));
        Fact(html, "Failed", Format.Count(batch.Failed));
        Fact(html, "Deleted", Format.Count(batch.Deleted));
        Fact(html, "Running", Format.Count(batch.Running));
        Fact(html, "Pending", Format.Count(batch.Pending));
        html.Add($"<dt>Created</dt><dd>{Format.Time(batch.CreatedAt)}</dd>");
        if (batch.FinishedAt is { } finished) html.Add($"<dt>Finished</dt><dd>{Format.Time(finished)}</dd>");
        if (batch.Cancelled) Fact(html, "Cancelled", "yes");
        if (batch.ParentBatchId is { } parent) html.Add($"<dt>Nested in</dt><dd><a href=\"{c.Url("batch/" + Uri.EscapeDataString(parent))}\">batch #{parent}</a></dd>");
        if (continuations.Count > 0)
        {
            html.Add($"<dt>Continuations</dt><dd>");
            for (var i = 0; i < continuations.Count; i++) html.Add($"{(i > 0 ? ", " : "")}<a href=\"{c.JobUrl(continuations[i])}\">#{continuations[i]}</a>");
            html.Add($"</dd>");
        }
        html.Add($"</dl></section>");

        if (nested.Count > 0)
        {
            html.Add($"<section class=\"panel\"><h2>Nested batches</h2>");
            BatchesPage.Table(html, c, nested);
            html.Add($"</section>");
        }

        html.Add($"<section class=\"panel\"><h2>Jobs</h2><nav class=\"tabs\">");
        html.Add($"<a href=\"{PageUrl(c, batch.Id, null, null)}\"{(state is null ? new Markup(" class=\"active\"") : Markup.Empty)}>All</a>");
        foreach (var s in JobStates.Ordered)
            html.Add($" <a href=\"{PageUrl(c, batch.Id, s, null)}\"{(state == s ? new Markup(" class=\"active\"") : Markup.Empty)}>{s}</a>");
        html.Add($"</nav>");
        if (jobs.Count == 0)
        {
            html.Add($"<p class=\"empty\">No jobs{(state is { } st ? $" {st}" : "")} here.</p>");
        }
        else
        {
            html.Add($"<div class=\"table-wrap\"><table class=\"jobs\"><thead><tr><th>Id</th><th>Job</th><th>Queue</th><th>State</th><th>Since</th></tr></thead><tbody>");
            foreach (var job in jobs.Take(size))
            {
                var url = c.JobUrl(job.Id);
                html.Add($"<tr><td><a href=\"{url}\">#{job.Id}</a></td><td class=\"method\"><a href=\"{url}\">{JobNames.Cell(job.Invocation, c.SerializerOptions)}</a></td><td><span class=\"tag\">{job.Queue}</span></td><td>{JobStates.Badge(job.State)}</td><td>{Format.Time(job.StateChangedAt)}</td></tr>");
            }
            html.Add($"</tbody></table></div>");
        }
        html.Add($"<div class=\"pager\">{(before is null ? new Markup("<span class=\"disabled\">← Newest</span>") : new Markup($"<a href=\"{HtmlEncoding.Encode(PageUrl(c, batch.Id, state, null))}\">← Newest</a>"))}");
        html.Add($"{(jobs.Count > size ? new Markup($"<a href=\"{HtmlEncoding.Encode(PageUrl(c, batch.Id, state, jobs[size - 1].Id))}\" rel=\"next\">Older →</a>") : new Markup("<span class=\"disabled\">Older →</span>"))}</div></section>");
        return Layout.Render(c, Layout.Section.Batches, $"Batch #{batch.Id}", html.ToMarkup());
    }

    /// <summary>A page for a batch id that doesn't exist.</summary>
    public static string NotFound(DashboardContext c, string id)
    {
        var html = new Html();
        html.Add($"<h1>Batch not found</h1><section class=\"panel\"><p class=\"empty\">There is no batch #{id}. <a href=\"{c.Url("batches")}\">All batches</a></p></section>");
        return Layout.Render(c, Layout.Section.Batches, "Batch not found", html.ToMarkup());
    }

    private static string PageUrl(DashboardContext c, string id, JobState? state, string? before) =>
        c.Url("batch/" + Uri.EscapeDataString(id), ("state", state is { } s ? JobStates.Slug(s) : null), ("before", before));

    private static void Fact(Html html, string name, string value) => html.Add($"<dt>{name}</dt><dd>{value}</dd>");
}
