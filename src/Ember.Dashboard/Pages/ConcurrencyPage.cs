using Ember.Dashboard.Rendering;
using Ember.Storage;

namespace Ember.Dashboard.Pages;

/// <summary>
/// Concurrency limits: each key with a run going on or a limit set at run time, its holders (the jobs running under
/// it) and the jobs waiting for it, with a form to set or remove its limit, and one for a key not listed yet.
/// </summary>
internal static class ConcurrencyPage
{
    public static async Task<string> RenderAsync(DashboardContext c)
    {
        var keys = await c.Queries.GetConcurrencyKeysAsync(c.Aborted).ConfigureAwait(false);
        var html = new Html();
        html.Add($"<h1>Concurrency limits <small>{Format.Count(keys.Count)}</small></h1>");
        html.Add($"<p class=\"muted\">Runs at once per key, across every server. For starts per period per key, see <a href=\"{c.Url("rate-limits")}\">Rate limits</a>.</p><section class=\"panel\">");
        if (keys.Count == 0)
            html.Add($"<p class=\"empty\">No key has a run going on or a limit set. Jobs get a key from [ConcurrencyLimit], [Mutex], [Semaphore] or EnqueueOptions.ConcurrencyKey.</p>");
        else
        {
            html.Add($"<div class=\"table-wrap\"><table><thead><tr><th>Key</th><th class=\"num\">Limit set</th><th class=\"num\">Running</th><th>Holders</th><th class=\"num\">Waiting</th>{(c.Antiforgery is null ? Markup.Empty : new Markup("<th></th>"))}</tr></thead><tbody>");
            foreach (var key in keys)
            {
                html.Add($"<tr><td><code>{key.Key}</code></td><td class=\"num\">{(key.Limit is { } limit ? Format.Count(limit) : "the jobs' own")}</td><td class=\"num\">{Format.Count(key.Holders.Count)}</td><td>");
                foreach (var id in key.Holders.Take(20)) html.Add($"<a class=\"tag\" href=\"{c.JobUrl(id)}\">#{id}</a> ");
                if (key.Holders.Count > 20) html.Add($"… {Format.Count(key.Holders.Count - 20)} more");
                html.Add($"</td><td class=\"num\">{Format.Count(key.Waiting)}</td>");
                if (c.Antiforgery is not null)
                {
                    html.Add($"<td class=\"row-actions\"><form method=\"post\" action=\"{c.Url("actions/concurrency/set")}\">{c.FormFields()}<input type=\"hidden\" name=\"key\" value=\"{key.Key}\">");
                    html.Add($"<input type=\"number\" name=\"limit\" min=\"1\" required value=\"{(key.Limit is { } set ? Format.Count(set) : null)}\" aria-label=\"New limit of {key.Key}\"><button>Set</button></form>");
                    if (key.Limit is not null)
                        html.Add($"<form method=\"post\" action=\"{c.Url("actions/concurrency/remove")}\">{c.FormFields()}<input type=\"hidden\" name=\"key\" value=\"{key.Key}\"><button data-confirm=\"Remove the limit set for this key? Each job's own limit applies again.\">Remove</button></form>");
                    html.Add($"</td>");
                }
                html.Add($"</tr>");
            }
            html.Add($"</tbody></table></div>");
        }
        if (c.Antiforgery is not null)
        {
            html.Add($"<form class=\"inline\" method=\"post\" action=\"{c.Url("actions/concurrency/set")}\">{c.FormFields()}");
            html.Add($"<input name=\"key\" required maxlength=\"{ConcurrencyLimit.MaxKeyLength}\" placeholder=\"Key, e.g. tenant:42\" aria-label=\"Key\"> <input type=\"number\" name=\"limit\" min=\"1\" required placeholder=\"Limit\" aria-label=\"Limit\"> <button>Set a limit</button></form>");
        }
        html.Add($"</section>");
        return Layout.Render(c, Layout.Section.Concurrency, "Concurrency limits", html.ToMarkup());
    }
}
