using Ember.Dashboard.Actions;
using Ember.Dashboard.Rendering;
using Ember.Storage;

namespace Ember.Dashboard.Pages;

/// <summary>
/// Jobs in one state, newest first, a page at a time: filters (queue, search text, exception type), bulk actions on
/// a selection or on the whole filtered list. Also the Retries page: Scheduled jobs that have failed before. Costs one
/// statistics call and one page query (plus the queues or failure groups on the Enqueued and Failed pages).
/// </summary>
internal static class JobsPage
{
    public static Task<string> RenderAsync(DashboardContext c, JobState state) => RenderAsync(c, state, retries: false);

    public static Task<string> RenderRetriesAsync(DashboardContext c) => RenderAsync(c, JobState.Scheduled, retries: true);

    private static async Task<string> RenderAsync(DashboardContext c, JobState state, bool retries)
    {
        var size = c.IntParam("size", c.Options.PageSize, 1, 500);
        var page = c.IntParam("page", 1, 1, 1_000_000);
        var queue = c.Param("queue");
        var search = c.Param("q")?.Trim();
        var exception = state == JobState.Failed ? c.Param("exception") : null;
        var statistics = await c.Queries.GetStatisticsAsync(c.Aborted).ConfigureAwait(false);
        var request = new JobListRequest(state, (page - 1) * size, size + 1, queue)
        {
            Search = string.IsNullOrEmpty(search) ? null : search,
            ExceptionType = exception,
            WithErrorOnly = retries,
        };
        // One more than a page: tells whether there is a next page without counting.
        var jobs = await c.Queries.GetJobsAsync(request, c.Aborted).ConfigureAwait(false);
        var hasNext = jobs.Count > size;
        if (hasNext) jobs = jobs.Take(size).ToArray();

        IReadOnlyList<QueueInfo> queues = state == JobState.Enqueued && !retries ? await c.Queries.GetQueuesAsync(c.Aborted).ConfigureAwait(false) : [];
        IReadOnlyList<FailureGroup> groups = state == JobState.Failed ? await c.Queries.GetFailureGroupsAsync(c.Aborted).ConfigureAwait(false) : [];

        // The total is known without counting only when nothing but the queue filters the list.
        long? total = request.Search is null && exception is null && !retries
            ? queue is null ? statistics.Counts.GetValueOrDefault(state) : queues.FirstOrDefault(q => q.Name == queue)?.Enqueued ?? (state == JobState.Enqueued ? 0 : null)
            : exception is not null && request.Search is null && queue is null ? groups.FirstOrDefault(g => g.ExceptionType == exception)?.Count ?? 0
            : null;

        var path = retries ? "retries" : "jobs/" + JobStates.Slug(state);
        var title = retries ? "Retries" : state + " jobs";
        var html = new Html();
        html.Add($"<div class=\"with-side\">");
        if (!retries) StateMenu(html, c, state, statistics);
        // ember.js reloads the regions marked data-live when the count of this state changes (see liveList there).
        html.Add($"<div class=\"content\" data-live-state=\"{state}\" data-live-count=\"{statistics.Counts.GetValueOrDefault(state)}\">");
        html.Add($"<div data-live=\"title\"><h1>{title} {(total is { } t ? new Markup($"<small>{Format.Count(t)}</small>") : Markup.Empty)}</h1></div>");
        if (retries) html.Add($"<p class=\"hint\">Jobs whose last run failed, waiting for their next attempt.</p>");

        html.Add($"<div data-live=\"filters\">");
        if (queues.Count > 0) QueueTabs(html, c, path, queues, queue);
        if (groups.Count > 0) FailureGroups(html, c, path, groups, exception);
        html.Add($"</div>");
        SearchForm(html, c, path, queue, search, exception);
        html.Add($"<div data-live=\"list\">");

        var filters = new Filters(state, queue, request.Search, exception, retries);
        if (jobs.Count == 0)
        {
            html.Add($"<p class=\"empty\">{(request.Search is null && exception is null && queue is null ? "No jobs here." : "No job matches.")}</p>");
        }
        else
        {
            if (c.CanAct) BulkForm(html, c, filters, total);
            JobTable(html, c, state, jobs, retries, formId: c.CanAct ? "bulk" : null);
            Pager(html, c, path, page, size, jobs.Count, hasNext, total, filters);
        }
        html.Add($"</div></div></div>");
        return Layout.Render(c, retries ? Layout.Section.Retries : Layout.Section.Jobs, title, html.ToMarkup());
    }

    /// <summary>The filters of a list: what "all" means for a bulk action.</summary>
    internal sealed record Filters(JobState State, string? Queue, string? Search, string? ExceptionType, bool WithErrorOnly);

    internal static void StateMenu(Html html, DashboardContext c, JobState? current, JobStatistics statistics)
    {
        html.Add($"<nav class=\"side\">");
        foreach (var state in JobStates.Ordered)
        {
            var active = state == current ? new Markup(" class=\"active\"") : Markup.Empty;
            html.Add($"<a href=\"{c.Url("jobs/" + JobStates.Slug(state))}\"{active}><span>{state}</span><span class=\"count s-{JobStates.Slug(state)}\" data-count=\"{state}\">{Format.Count(statistics.Counts.GetValueOrDefault(state))}</span></a>");
        }
        html.Add($"</nav>");
    }

    private static void QueueTabs(Html html, DashboardContext c, string path, IReadOnlyList<QueueInfo> queues, string? current)
    {
        html.Add($"<div class=\"tabs\"><a href=\"{c.Url(path)}\"{(current is null ? new Markup(" class=\"active\"") : Markup.Empty)}>All queues</a>");
        foreach (var queue in queues)
            html.Add($"<a href=\"{c.Url(path, ("queue", queue.Name))}\"{(queue.Name == current ? new Markup(" class=\"active\"") : Markup.Empty)}>{queue.Name} <small>{Format.Count(queue.Enqueued)}</small></a>");
        html.Add($"</div>");
    }

    private static void FailureGroups(Html html, DashboardContext c, string path, IReadOnlyList<FailureGroup> groups, string? current)
    {
        html.Add($"<div class=\"groups\"><span class=\"label\">By exception:</span> <a class=\"chip{(current is null ? new Markup(" active") : Markup.Empty)}\" href=\"{c.Url(path)}\">all</a>");
        foreach (var group in groups)
        {
            if (group.ExceptionType is null)
            {
                html.Add($"<span class=\"chip\">no exception <small>{Format.Count(group.Count)}</small></span>");
                continue;
            }
            var active = group.ExceptionType == current ? new Markup(" active") : Markup.Empty;
            html.Add($"<a class=\"chip{active}\" title=\"{group.ExceptionType}\" href=\"{c.Url(path, ("exception", group.ExceptionType))}\">{InvocationView.ShortName(group.ExceptionType)} <small>{Format.Count(group.Count)}</small></a>");
        }
        html.Add($"</div>");
    }

    private static void SearchForm(Html html, DashboardContext c, string path, string? queue, string? search, string? exception)
    {
        html.Add($"""
            <form class="filter" method="get" action="{c.Url(path)}">
            <input type="hidden" name="queue" value="{queue}"{(queue is null ? new Markup(" disabled") : Markup.Empty)}>
            <input type="hidden" name="exception" value="{exception}"{(exception is null ? new Markup(" disabled") : Markup.Empty)}>
            <input type="search" name="q" value="{search}" placeholder="Search: job id, method name or argument text">
            <button type="submit">Search</button>
            {(search is null ? Markup.Empty : new Markup($"<a href=\"{HtmlEncoding.Encode(c.Url(path, ("queue", queue), ("exception", exception)))}\">clear</a>"))}
            </form>
            """);
    }

    private static void BulkForm(Html html, DashboardContext c, Filters filters, long? total)
    {
        var state = filters.State;
        var what = filters.WithErrorOnly ? "retries" : $"{state} jobs";
        html.Add($"""
            <form method="post" id="bulk" class="toolbar">{c.FormFields()}
            <input type="hidden" name="state" value="{JobStates.Slug(state)}">
            <input type="hidden" name="queue" value="{filters.Queue}">
            <input type="hidden" name="q" value="{filters.Search}">
            <input type="hidden" name="exception" value="{filters.ExceptionType}">
            <input type="hidden" name="errors" value="{(filters.WithErrorOnly ? "1" : "")}">
            <span class="selection" data-selection>0 selected</span>
            """);
        if (JobStates.CanRequeue(state))
            html.Add($"<button formaction=\"{c.Url("actions/jobs/requeue")}\" name=\"scope\" value=\"selected\" data-needs-selection>Requeue selected</button>");
        if (JobStates.CanDelete(state))
            html.Add($"<button class=\"danger\" formaction=\"{c.Url("actions/jobs/delete")}\" name=\"scope\" value=\"selected\" data-needs-selection data-confirm=\"Delete the selected jobs?\">Delete selected</button>");
        html.Add($"<span class=\"sep\"></span>");
        // One wording for the action on the whole list, here, in its confirmation and in its progress: "Requeue all".
        if (JobStates.CanRequeue(state))
        {
            var label = JobActions.AllLabel(JobActions.Kind.Requeue, total);
            html.Add($"<button formaction=\"{c.Url("actions/jobs/requeue")}\" name=\"scope\" value=\"all\" data-confirm=\"{label} {what} this list shows?\">{label}</button>");
        }
        if (JobStates.CanDelete(state))
        {
            var label = JobActions.AllLabel(JobActions.Kind.Delete, total);
            html.Add($"<button class=\"danger\" formaction=\"{c.Url("actions/jobs/delete")}\" name=\"scope\" value=\"all\" data-confirm=\"{label} {what} this list shows?\">{label}</button>");
        }
        html.Add($"</form>");
    }

    internal static void JobTable(Html html, DashboardContext c, JobState state, IReadOnlyList<JobInfo> jobs, bool retries, string? formId)
    {
        html.Add($"<div class=\"table-wrap\"><table class=\"jobs\"><thead><tr>");
        if (formId is not null) html.Add($"<th class=\"check\"><input type=\"checkbox\" data-select-all aria-label=\"Select all on this page\"></th>");
        html.Add($"<th>Id</th><th>Job</th><th>Queue</th>");
        html.Raw(new(state switch
        {
            JobState.Enqueued => "<th>Enqueued</th>",
            JobState.Scheduled => retries ? "<th>Next attempt</th><th class=\"num\">Attempts</th><th>Last error</th>" : "<th>Due</th><th>Scheduled</th>",
            JobState.Awaiting => "<th>Parent</th><th>Since</th>",
            JobState.Processing => "<th>Server</th><th>Started</th><th class=\"num\">Attempt</th>",
            JobState.Succeeded => "<th>Succeeded</th><th>Created</th>",
            JobState.Failed => "<th>Failed</th><th>Exception</th><th class=\"num\">Attempts</th>",
            _ => "<th>Deleted</th><th>Created</th>",
        }));
        html.Add($"</tr></thead><tbody>");
        foreach (var job in jobs)
        {
            var url = c.JobUrl(job.Id);
            html.Add($"<tr>");
            if (formId is not null) html.Add($"<td class=\"check\"><input type=\"checkbox\" name=\"id\" value=\"{job.Id}\" form=\"{formId}\" aria-label=\"Select job {job.Id}\"></td>");
            html.Add($"<td><a href=\"{url}\">#{job.Id}</a></td><td class=\"method\"><a href=\"{url}\">{JobNames.Cell(job.Invocation, c.SerializerOptions)}</a></td><td><span class=\"tag\">{job.Queue}</span></td>");
            switch (state)
            {
                case JobState.Enqueued:
                    html.Add($"<td>{Format.Time(job.StateChangedAt)}</td>");
                    break;
                case JobState.Scheduled when retries:
                    html.Add($"<td>{Format.Time(job.ScheduledAt)}</td><td class=\"num\">{job.Attempt}</td><td>{ErrorCell(job.LastError)}</td>");
                    break;
                case JobState.Scheduled:
                    html.Add($"<td>{Format.Time(job.ScheduledAt)}</td><td>{Format.Time(job.StateChangedAt)}</td>");
                    break;
                case JobState.Awaiting:
                    html.Add($"<td>{(job.ParentId is { } parent ? new Markup($"<a href=\"{HtmlEncoding.Encode(c.JobUrl(parent))}\">#{HtmlEncoding.Encode(parent)}</a>") : Markup.Empty)}</td><td>{Format.Time(job.StateChangedAt)}</td>");
                    break;
                case JobState.Processing:
                    html.Add($"<td>{job.ServerId}</td><td>{Format.Time(job.StateChangedAt)}</td><td class=\"num\">{job.Attempt}</td>");
                    break;
                case JobState.Failed:
                    html.Add($"<td>{Format.Time(job.StateChangedAt)}</td><td>{ErrorCell(job.LastError)}</td><td class=\"num\">{job.Attempt}</td>");
                    break;
                default:
                    html.Add($"<td>{Format.Time(job.StateChangedAt)}</td><td>{Format.Time(job.CreatedAt)}</td>");
                    break;
            }
            html.Add($"</tr>");
        }
        html.Add($"</tbody></table></div>");
    }

    private static Markup ErrorCell(JobError? error)
    {
        if (error is null) return Markup.Empty;
        var html = new Html();
        html.Add($"<span class=\"error-type\" title=\"{error.Type}\">{InvocationView.ShortName(error.Type)}</span> <span class=\"error-message\">{Format.Cut(error.Message, 140)}</span>");
        return html.ToMarkup();
    }

    private static void Pager(Html html, DashboardContext c, string path, int page, int size, int shown, bool hasNext, long? total, Filters filters)
    {
        var first = (long)(page - 1) * size + 1;
        string Link(int p, int s) => c.Url(path, ("queue", filters.Queue), ("q", filters.Search), ("exception", filters.ExceptionType),
            ("page", p == 1 ? null : p.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("size", s == c.Options.PageSize ? null : s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        html.Add($"<div class=\"pager\">");
        html.Add($"{(page > 1 ? new Markup($"<a href=\"{HtmlEncoding.Encode(Link(page - 1, size))}\" rel=\"prev\">← Newer</a>") : new Markup("<span class=\"disabled\">← Newer</span>"))}");
        html.Add($"<span>{Format.Count(first)}–{Format.Count(first + shown - 1)}{(total is { } t ? $" of {Format.Count(t)}" : "")}</span>");
        html.Add($"{(hasNext ? new Markup($"<a href=\"{HtmlEncoding.Encode(Link(page + 1, size))}\" rel=\"next\">Older →</a>") : new Markup("<span class=\"disabled\">Older →</span>"))}");
        html.Add($"<span class=\"sizes\">Per page:");
        foreach (var s in new[] { 20, 50, 100, 500 })
            html.Add($" {(s == size ? new Markup($"<b>{s}</b>") : new Markup($"<a href=\"{HtmlEncoding.Encode(Link(1, s))}\">{s}</a>"))}");
        html.Add($"</span></div>");
    }
}
