using Ember.Dashboard.Rendering;

namespace Ember.Dashboard.Pages;

/// <summary>Recurring jobs: schedule in words, time zone, next and last run, last job, why one is disabled or paused; trigger, pause, resume and remove.</summary>
internal static class RecurringPage
{
    public static async Task<string> RenderAsync(DashboardContext c)
    {
        var jobs = await c.Queries.GetRecurringJobsAsync(c.Aborted).ConfigureAwait(false);
        var html = new Html();
        html.Add($"<h1>Recurring jobs <small>{Format.Count(jobs.Count)}</small></h1>");
        if (jobs.Count == 0)
        {
            html.Add($"<p class=\"empty\">No recurring jobs. Add one with <code>recurring.AddOrUpdate(\"id\", () => ..., Cron.Daily())</code>.</p>");
            return Layout.Render(c, Layout.Section.Recurring, "Recurring jobs", html.ToMarkup());
        }
        if (c.CanAct)
        {
            html.Add($"""
                <form method="post" id="recurring" class="toolbar">{c.FormFields()}
                <span class="selection" data-selection>0 selected</span>
                <button formaction="{c.Url("actions/recurring/trigger")}" name="scope" value="selected" data-needs-selection>Trigger selected now</button>
                <button formaction="{c.Url("actions/recurring/pause")}" name="scope" value="selected" data-needs-selection>Pause selected</button>
                <button formaction="{c.Url("actions/recurring/resume")}" name="scope" value="selected" data-needs-selection>Resume selected</button>
                <button class="danger" formaction="{c.Url("actions/recurring/remove")}" name="scope" value="selected" data-needs-selection data-confirm="Remove the selected recurring jobs? Jobs they already created stay.">Remove selected</button>
                </form>
                """);
        }
        html.Add($"<div class=\"table-wrap\"><table class=\"jobs\"><thead><tr>{(c.CanAct ? new Markup("<th class=\"check\"><input type=\"checkbox\" data-select-all aria-label=\"Select all\"></th>") : Markup.Empty)}");
        html.Add($"<th>Id</th><th>Schedule</th><th>Job</th><th>Next run</th><th>Last run</th>{(c.CanAct ? new Markup("<th></th>") : Markup.Empty)}</tr></thead><tbody>");
        foreach (var job in jobs)
        {
            html.Add($"<tr{(job.Error is null ? Markup.Empty : new Markup(" class=\"disabled-row\""))}>");
            if (c.CanAct) html.Add($"<td class=\"check\"><input type=\"checkbox\" name=\"id\" value=\"{job.Id}\" form=\"recurring\" aria-label=\"Select {job.Id}\"></td>");
            var description = Cron.GetDescription(job.Cron);
            html.Add($"<td><b>{job.Id}</b>{(job.Paused ? new Markup(" <span class=\"tag paused\">paused</span>") : Markup.Empty)}</td><td><code>{job.Cron}</code>{(description is null ? Markup.Empty : new Markup("<br><span class=\"muted\">" + HtmlEncoding.Encode(description) + "</span>"))}<br><span class=\"muted\">{job.TimeZoneId}</span></td>");
            html.Add($"<td class=\"method\">{JobNames.Cell(job.Invocation, c.SerializerOptions)} <span class=\"tag\">{job.Queue}</span>");
            if (job.Error is { } error) html.Add($"<div class=\"error-message\">Disabled: {error}</div>");
            html.Add($"</td><td>{(job.Paused ? new Markup("<span class=\"warn\">paused</span><br>") : Markup.Empty)}{(job.NextRunAt is not null ? Format.Time(job.NextRunAt) : job.Error is null ? new Markup("<span class=\"muted\">never</span>") : new Markup("<span class=\"warn\">disabled</span>"))}</td>");
            html.Add($"<td>{Format.Time(job.LastRunAt)}{(job.LastJobId is { } last ? new Markup($"<br><a href=\"{HtmlEncoding.Encode(c.JobUrl(last))}\">job #{HtmlEncoding.Encode(last)}</a>") : Markup.Empty)}</td>");
            if (c.CanAct)
            {
                html.Add($"<td class=\"row-actions\"><button form=\"recurring\" formaction=\"{c.Url("actions/recurring/trigger")}\" name=\"one\" value=\"{job.Id}\">Trigger now</button>");
                html.Add($"<button form=\"recurring\" formaction=\"{c.Url(job.Paused ? "actions/recurring/resume" : "actions/recurring/pause")}\" name=\"one\" value=\"{job.Id}\">{(job.Paused ? "Resume" : "Pause")}</button>");
                html.Add($"<button form=\"recurring\" class=\"danger\" formaction=\"{c.Url("actions/recurring/remove")}\" name=\"one\" value=\"{job.Id}\" data-confirm=\"Remove recurring job {job.Id}?\">Remove</button></td>");
            }
            html.Add($"</tr>");
        }
        html.Add($"</tbody></table></div>");
        return Layout.Render(c, Layout.Section.Recurring, "Recurring jobs", html.ToMarkup());
    }
}
