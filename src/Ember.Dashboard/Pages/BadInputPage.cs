using Ember.Dashboard.Rendering;

namespace Ember.Dashboard.Pages;

/// <summary>
/// The answer (400) to a filter the dashboard refuses (control characters, too long a search): what is wrong, and a
/// way back to the list without it. The refused text is not shown: it may be megabytes, or hold what can't be shown.
/// </summary>
internal static class BadInputPage
{
    public static string Render(DashboardContext c, Layout.Section section, string problem, string backUrl, string backText)
    {
        var html = new Html();
        html.Add($"<h1>This filter can't be used</h1><div class=\"notice error\" role=\"alert\">{problem}</div><p><a href=\"{backUrl}\">{backText}</a></p>");
        return Layout.Render(c, section, "Filter refused", html.ToMarkup());
    }
}
