using Ember.Dashboard.Rendering;
using Ember.Storage;

namespace Ember.Dashboard.Pages;

/// <summary>
/// The header's search across all states: a few of the newest matches per state, each with a link to the whole
/// filtered list. (A job id goes straight to the job: the endpoint redirects before this page renders.)
/// </summary>
internal static class SearchPage
{
    private const int PerState = 5;

    public static async Task<string> RenderAsync(DashboardContext c, string text)
    {
        var html = new Html();
        html.Add($"<h1>Search <small>“{text}”</small></h1>");
        var any = false;
        foreach (var state in JobStates.Ordered)
        {
            var jobs = await c.Queries.GetJobsAsync(new JobListRequest(state, 0, PerState + 1) { Search = text }, c.Aborted).ConfigureAwait(false);
            if (jobs.Count == 0) continue;
            any = true;
            var more = jobs.Count > PerState;
            html.Add($"<section class=\"panel\"><h2>{JobStates.Badge(state)} <a href=\"{c.Url("jobs/" + JobStates.Slug(state), ("q", text))}\">{(more ? "more…" : "open list")}</a></h2>");
            JobsPage.JobTable(html, c, state, jobs.Take(PerState).ToArray(), retries: false, formId: null);
            html.Add($"</section>");
        }
        if (!any) html.Add($"<p class=\"empty\">No job has this id, or this text in its method or arguments.</p>");
        return Layout.Render(c, Layout.Section.Search, "Search", html.ToMarkup());
    }
}
