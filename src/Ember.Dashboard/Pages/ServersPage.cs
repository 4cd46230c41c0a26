using Ember.Dashboard.Rendering;
using Ember.Storage;

namespace Ember.Dashboard.Pages;

/// <summary>The registered servers: workers, queues, when they started and last reported.</summary>
internal static class ServersPage
{
    /// <summary>A server silent for longer than this is shown as late (its heartbeat is every 5 s by default).</summary>
    private static readonly TimeSpan Late = TimeSpan.FromSeconds(30);

    public static async Task<string> RenderAsync(DashboardContext c)
    {
        var servers = await c.Queries.GetServersAsync(c.Aborted).ConfigureAwait(false);
        var html = new Html();
        html.Add($"<h1>Servers <small>{Format.Count(servers.Count)}</small></h1><section class=\"panel\">");
        Table(html, c, servers, c.Time.GetUtcNow(), compact: false);
        html.Add($"</section>");
        return Layout.Render(c, Layout.Section.Servers, "Servers", html.ToMarkup());
    }

    internal static void Table(Html html, DashboardContext c, IReadOnlyList<ServerInfo> servers, DateTimeOffset now, bool compact)
    {
        if (servers.Count == 0)
        {
            html.Add($"<p class=\"empty\">No server is running: jobs are stored but nothing processes them.</p>");
            return;
        }
        html.Add($"<div class=\"table-wrap\"><table><thead><tr><th>Name</th><th class=\"num\">Workers</th><th>Queues</th><th>Started</th><th>Heartbeat</th>{(compact ? Markup.Empty : new Markup("<th>Id</th>"))}</tr></thead><tbody>");
        foreach (var server in servers)
        {
            var late = now - server.LastHeartbeat > Late;
            html.Add($"<tr><td>{server.Name}</td><td class=\"num\">{server.WorkerCount}</td><td>");
            for (var i = 0; i < server.Queues.Count; i++)
                html.Add($"{(i > 0 ? " " : "")}<a class=\"tag\" href=\"{c.Url("jobs/enqueued", ("queue", server.Queues[i]))}\">{server.Queues[i]}</a>");
            html.Add($"</td><td>{Format.Time(server.StartedAt)}</td><td{(late ? new Markup(" class=\"warn\" title=\"No heartbeat for a while: the server may be gone\"") : Markup.Empty)}>{Format.Time(server.LastHeartbeat)}</td>");
            if (!compact) html.Add($"<td><code>{server.ServerId}</code></td>");
            html.Add($"</tr>");
        }
        html.Add($"</tbody></table></div>");
    }
}
