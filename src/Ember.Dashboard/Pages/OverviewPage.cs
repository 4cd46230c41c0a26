using System.Globalization;
using System.Text;
using Ember.Dashboard.Rendering;
using Ember.Storage;

namespace Ember.Dashboard.Pages;

/// <summary>
/// The first page: counts per state, the live graph, history per hour and per day, queues with the servers that
/// serve them (paused or not, with a button to pause or resume), servers. Five cheap store calls whatever the number of
/// jobs: statistics, queues, paused queues, servers, hourly counts.
/// </summary>
internal static class OverviewPage
{
    /// <summary>Hours of history fetched: 8 days, so the browser can cut 7 whole days in its own time zone.</summary>
    private const int HistoryHours = 8 * 24;

    public static async Task<string> RenderAsync(DashboardContext c)
    {
        var now = c.Time.GetUtcNow();
        var statistics = await c.Queries.GetStatisticsAsync(c.Aborted).ConfigureAwait(false);
        var queues = await c.Queries.GetQueuesAsync(c.Aborted).ConfigureAwait(false);
        var paused = await c.Queries.GetPausedQueuesAsync(c.Aborted).ConfigureAwait(false);
        var servers = await c.Queries.GetServersAsync(c.Aborted).ConfigureAwait(false);
        var end = HourlyCountsRequest.StartOfHour(now).AddHours(1);
        var hourly = await c.Queries.GetHourlyCountsAsync(new HourlyCountsRequest(end.AddHours(-HistoryHours), end), c.Aborted).ConfigureAwait(false);

        var html = new Html();
        html.Add($"<h1>Overview</h1>\n<section class=\"cards\">");
        foreach (var state in JobStates.Ordered)
        {
            var count = statistics.Counts.GetValueOrDefault(state);
            html.Add($"<a class=\"card s-{JobStates.Slug(state)}\" href=\"{c.Url("jobs/" + JobStates.Slug(state))}\"><span class=\"label\">{state}</span><span class=\"value\" data-count=\"{state}\">{Format.Count(count)}</span></a>");
        }
        html.Add($"<a class=\"card\" href=\"{c.Url("servers")}\"><span class=\"label\">Servers</span><span class=\"value\">{Format.Count(servers.Count)}</span></a>");
        html.Add($"</section>");

        html.Add($"""
            <section class="panel">
            <h2>Live <small>jobs per second, last 5 minutes</small></h2>
            <div class="chart live" id="live-chart" data-stats="{c.Url("api/stats")}" data-interval="{(int)c.Options.StatsPollingInterval.TotalMilliseconds}"
              data-at="{now.ToUnixTimeMilliseconds()}" data-succeeded="{statistics.Succeeded}" data-failed="{statistics.Failed}" data-recent="{RecentSeries(c, now)}"></div>
            <p class="legend"><span class="key ok"></span> Succeeded <b id="live-succeeded">0</b>/s · total <b data-total="succeeded">{Format.Count(statistics.Succeeded)}</b>
              <span class="key bad"></span> Failed <b id="live-failed">0</b>/s · total <b data-total="failed">{Format.Count(statistics.Failed)}</b></p>
            </section>
            <section class="panel">
            <h2>History</h2>
            <div class="history" data-hourly="{HourlySeries(hourly)}">
            <figure><figcaption>Last 24 hours, per hour</figcaption><div class="chart" id="chart-day"></div></figure>
            <figure><figcaption>Last 7 days, per day</figcaption><div class="chart" id="chart-week"></div></figure>
            </div>
            </section>
            """);

        html.Add($"<div class=\"columns\"><section class=\"panel\"><h2>Queues</h2>");
        QueuesTable(html, c, queues, servers, paused);
        html.Add($"</section><section class=\"panel\"><h2>Servers</h2>");
        ServersPage.Table(html, c, servers, now, compact: true);
        html.Add($"</section></div>");
        return Layout.Render(c, Layout.Section.Overview, "Overview", html.ToMarkup());
    }

    /// <summary>
    /// Every queue with waiting jobs, a server listening or a pause, its length, who serves it with how many workers,
    /// and a button to pause or resume it.
    /// </summary>
    internal static void QueuesTable(Html html, DashboardContext c, IReadOnlyList<QueueInfo> queues, IReadOnlyList<ServerInfo> servers, IReadOnlyList<string> paused)
    {
        var names = queues.Select(q => q.Name).Concat(servers.SelectMany(s => s.Queues)).Concat(paused).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            html.Add($"<p class=\"empty\">No queue holds jobs and no server is running.</p>");
            return;
        }
        html.Add($"<div class=\"table-wrap\"><table class=\"queues\"><thead><tr><th>Queue</th><th class=\"num\">Enqueued</th><th>Servers</th><th class=\"num\">Workers</th>{(c.CanAct ? new Markup("<th></th>") : Markup.Empty)}</tr></thead><tbody>");
        foreach (var name in names)
        {
            var length = queues.FirstOrDefault(q => q.Name == name)?.Enqueued ?? 0;
            var serving = servers.Where(s => s.Queues.Contains(name)).ToList();
            var isPaused = paused.Contains(name, StringComparer.Ordinal);
            html.Add($"<tr data-queue=\"{name}\"><td><a href=\"{c.Url("jobs/enqueued", ("queue", name))}\">{name}</a>{(isPaused ? new Markup(" <span class=\"tag paused\">paused</span>") : Markup.Empty)}</td><td class=\"num\">{Format.Count(length)}</td><td>");
            if (serving.Count == 0) html.Add($"<span class=\"warn\">none: jobs wait here until a server takes this queue</span>");
            for (var i = 0; i < serving.Count; i++) html.Add($"{(i > 0 ? ", " : "")}{serving[i].Name}");
            html.Add($"</td><td class=\"num\">{Format.Count(serving.Sum(s => (long)s.WorkerCount))}</td>");
            if (c.CanAct)
            {
                html.Add($"<td class=\"row-actions\"><form method=\"post\" action=\"{c.Url(isPaused ? "actions/queues/resume" : "actions/queues/pause")}\">{c.FormFields()}<input type=\"hidden\" name=\"queue\" value=\"{name}\">");
                html.Add($"<button{(isPaused ? Markup.Empty : new Markup(" data-confirm=\"Pause this queue? No server takes its jobs until it is resumed.\""))}>{(isPaused ? "Resume" : "Pause")}</button></form></td>");
            }
            html.Add($"</tr>");
        }
        html.Add($"</tbody></table></div>");
    }

    /// <summary>
    /// "epochMilliseconds,succeeded,failed;..." of the last minutes, sampled in the background, oldest first: ember.js
    /// draws the rates between them, so the live graph opens with those minutes rather than empty.
    /// </summary>
    private static string RecentSeries(DashboardContext c, DateTimeOffset now)
    {
        if (c.History is null) return "";
        var builder = new StringBuilder();
        foreach (var sample in c.History.Recent(now))
        {
            if (builder.Length > 0) builder.Append(';');
            builder.Append(sample.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(sample.Succeeded.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(sample.Failed.ToString(CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>"epochSeconds,succeeded,failed;..." for ember.js, which groups hours by the browser's local day.</summary>
    private static string HourlySeries(IReadOnlyList<HourlyCounts> hourly)
    {
        var builder = new StringBuilder(hourly.Count * 16);
        foreach (var hour in hourly)
        {
            if (builder.Length > 0) builder.Append(';');
            builder.Append(hour.Hour.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(hour.Succeeded.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(hour.Failed.ToString(CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
