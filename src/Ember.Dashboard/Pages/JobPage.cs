using Ember.Dashboard.Rendering;
using Ember.Storage;

namespace Ember.Dashboard.Pages;

/// <summary>
/// One job: the call with its arguments, where it stands (queue, attempts, server, lease), its last exception, its
/// parent and continuations, and its state history with how long each state lasted. Two store calls.
/// </summary>
internal static class JobPage
{
    /// <summary>The page, or null when no such job exists (the endpoint answers 404 with a page saying so).</summary>
    public static async Task<string?> RenderAsync(DashboardContext c, string id)
    {
        var details = await c.Queries.GetJobAsync(id, c.Aborted).ConfigureAwait(false);
        if (details is null) return null;
        var continuations = await c.Queries.GetContinuationIdsAsync(id, c.Aborted).ConfigureAwait(false);
        var job = details.Job;
        var call = InvocationView.Parse(job.Invocation, withNames: true);

        var html = new Html();
        var displayName = JobDisplayNames.Of(job.Invocation, c.SerializerOptions);
        if (displayName is null) html.Add($"<div class=\"job-head\"><h1>Job #{job.Id} {JobStates.Badge(job.State)}</h1>");
        else html.Add($"<div class=\"job-head\"><h1>{displayName} <span class=\"muted\">Job #{job.Id}</span> {JobStates.Badge(job.State)}</h1>");
        if (c.CanAct)
        {
            html.Add($"<form method=\"post\" class=\"actions\">{c.FormFields()}<input type=\"hidden\" name=\"id\" value=\"{job.Id}\">");
            if (JobStates.CanRequeue(job.State)) html.Add($"<button formaction=\"{c.Url("actions/jobs/requeue")}\">Requeue</button>");
            if (JobStates.CanDelete(job.State))
                html.Add($"<button class=\"danger\" formaction=\"{c.Url("actions/jobs/delete")}\" data-confirm=\"Delete job #{job.Id}?{(job.State == JobState.Processing ? " Its run will be cancelled." : "")}\">Delete</button>");
            html.Add($"</form>");
        }
        html.Add($"</div>");

        html.Add($"<section class=\"panel\"><h2>Call</h2>");
        if (call.Raw is not null)
        {
            html.Add($"<p class=\"warn\">The stored invocation can't be read; it is shown as stored.</p><pre>{call.Raw}</pre>");
        }
        else
        {
            var parameters = call.Arguments.Count == 0 ? "" : call.Arguments.All(a => a.Name is not null) ? string.Join(", ", call.Arguments.Select(a => a.Name)) : "…";
            html.Add($"<p class=\"call\"><code><span class=\"type\" title=\"{call.TypeName}\">{call.ShortTypeName}</span>.<b>{call.Method}</b>({parameters})</code> <span class=\"muted\">{call.TypeName}</span></p>");
            if (call.Culture is { } culture)
                html.Add($"<p class=\"muted culture\">Runs in the culture it was enqueued in: <code>{CultureName(culture)}</code>{(call.UICulture is { } ui && ui != culture ? new Html().Add($", UI culture <code>{CultureName(ui)}</code>").ToMarkup() : new Markup(""))}</p>");
            if (call.Arguments.Count == 0)
            {
                html.Add($"<p class=\"muted\">No arguments.</p>");
            }
            else
            {
                // By name when the method can be loaded here; by position otherwise (the types are stored either way).
                html.Add($"<div class=\"table-wrap\"><table class=\"args\"><thead><tr><th>Parameter</th><th>Type</th><th>Value</th></tr></thead><tbody>");
                for (var i = 0; i < call.Arguments.Count; i++)
                {
                    var argument = call.Arguments[i];
                    var name = argument.Name is { } n ? new Html().Add($"<code class=\"param\">{n}</code>").ToMarkup() : new Html().Add($"<span class=\"muted\" title=\"The method can't be loaded here: arguments are numbered\">#{i}</span>").ToMarkup();
                    html.Add($"<tr><td>{name}</td><td><code>{argument.Type}</code></td><td>{(argument.IsToken ? new Markup("<span class=\"muted\">the job's cancellation token</span>") : Pre(argument.Value))}</td></tr>");
                }
                html.Add($"</tbody></table></div>");
            }
        }
        html.Add($"</section>");

        html.Add($"<section class=\"panel\"><h2>Details</h2><dl class=\"facts\">");
        Fact(html, "Queue", new Html().Add($"<a class=\"tag\" href=\"{c.Url("jobs/enqueued", ("queue", job.Queue))}\">{job.Queue}</a>").ToMarkup());
        Fact(html, "Created", Format.Time(job.CreatedAt));
        Fact(html, "In this state since", Format.Time(job.StateChangedAt));
        Fact(html, "Attempts", Text(job.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (job.ScheduledAt is { } due) Fact(html, job.State == JobState.Scheduled ? "Due" : "Was due", Format.Time(due));
        if (job.ServerId is { } server) Fact(html, "Server", Text(server));
        if (job.LeaseExpiresAt is { } lease) Fact(html, "Lease expires", Format.Time(lease));
        if (LastServer(details) is { } ran && ran != job.ServerId) Fact(html, "Last run on", Text(ran));
        if (job.ExpireAt is { } expire) Fact(html, "Expires", Format.Time(expire));
        if (job.BatchId is { } batchId)
            Fact(html, "Batch", new Html().Add($"<a href=\"{c.Url("batch/" + Uri.EscapeDataString(batchId))}\">batch #{batchId}</a>").ToMarkup());
        if (details.ParentIds.Count > 1)
        {
            var parents = new Html();
            for (var i = 0; i < details.ParentIds.Count; i++) parents.Add($"{(i > 0 ? ", " : "")}<a href=\"{c.JobUrl(details.ParentIds[i])}\">#{details.ParentIds[i]}</a>");
            parents.Add($" <span class=\"muted\">(all of them; {job.ContinuationOptions})</span>");
            Fact(html, "Parents", parents.ToMarkup());
        }
        else if (job.ParentId is { } parent)
            Fact(html, "Parent", new Html().Add($"<a href=\"{c.JobUrl(parent)}\">#{parent}</a> <span class=\"muted\">({job.ContinuationOptions})</span>").ToMarkup());
        if (continuations.Count > 0)
        {
            var links = new Html();
            for (var i = 0; i < continuations.Count; i++) links.Add($"{(i > 0 ? ", " : "")}<a href=\"{c.JobUrl(continuations[i])}\">#{continuations[i]}</a>");
            Fact(html, "Continuations", links.ToMarkup());
        }
        html.Add($"</dl></section>");

        // A job that succeeded in the end is not an error: its earlier failures are in its history.
        if (job.LastError is { } error && job.State != JobState.Succeeded)
        {
            html.Add($"<section class=\"panel error-panel\"><h2>{(job.State == JobState.Failed ? "Exception" : "Last exception")}</h2>");
            html.Add($"<p><b class=\"error-type\">{error.Type}</b>: {error.Message}</p><details open><summary>Stack trace</summary>{Pre(StackTraces.TrimPaths(error.Details))}</details></section>");
        }

        Report(html, details);
        html.Add($"<div data-job-region=\"history\">");
        History(html, details.History);
        html.Add($"</div>");
        return Layout.Render(c, Layout.Section.Jobs, displayName is null ? $"Job #{job.Id}" : $"{Format.Cut(displayName, 100)} (job #{job.Id})", html.ToMarkup());
    }

    /// <summary>A page for a job id that doesn't exist (never existed, or expired and pruned).</summary>
    public static string NotFound(DashboardContext c, string id)
    {
        var html = new Html();
        html.Add($"<h1>Job #{id}</h1><p class=\"empty\">There is no job with this id. Succeeded and Deleted jobs are removed when they expire.</p>");
        return Layout.Render(c, Layout.Section.Jobs, "Job not found", html.ToMarkup());
    }

    // What the job reported about itself: progress, result, parameters and its log. Read again every second while it
    // runs (data-live-job), so a running job's log grows on the page.
    private static void Report(Html html, JobDetails details)
    {
        var job = details.Job;
        html.Add($"<div data-job-region=\"report\">");
        if (job.State == JobState.Processing) html.Add($"<span hidden data-live-job></span>");
        if (job.Progress is { } progress || job.Result is not null || job.Parameters.Count > 0)
        {
            html.Add($"<section class=\"panel\"><h2>Report</h2><dl class=\"facts\">");
            if (job.Progress is { } percent)
                Fact(html, "Progress", new Html().Add($"<progress class=\"job-progress\" max=\"100\" value=\"{percent}\"></progress> {percent} %").ToMarkup());
            if (job.Result is { } result) Fact(html, "Result", Pre(Format.Cut(result, 4000)));
            foreach (var (name, value) in job.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                Fact(html, new Html().Add($"Parameter <code class=\"param\">{name}</code>").ToMarkup(), new Html().Add($"<code>{Format.Cut(value, 400)}</code>").ToMarkup());
            html.Add($"</dl></section>");
        }
        if (details.Log.Count > 0)
        {
            html.Add($"<section class=\"panel\"><h2>Log <span class=\"muted\">({details.Log.Count} lines)</span></h2><pre class=\"job-log\">");
            foreach (var line in details.Log) html.Add($"<time>{line.At.UtcDateTime:HH:mm:ss.fff}</time>{line.Text}\n");
            html.Add($"</pre></section>");
        }
        html.Add($"</div>");
    }

    private static string CultureName(string name) => name.Length == 0 ? "invariant" : name;

    private static void History(Html html, IReadOnlyList<StateHistoryEntry> history)
    {
        html.Add($"<section class=\"panel\"><h2>History</h2><ol class=\"history-list\">");
        // Newest first, as people read a timeline of what just happened; each state lasted until the next began.
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var entry = history[i];
            var lasted = i + 1 < history.Count ? history[i + 1].At - entry.At : (TimeSpan?)null;
            html.Add($"<li class=\"s-{JobStates.Slug(entry.State)}\"><div class=\"row\">{JobStates.Badge(entry.State)} {Format.Time(entry.At)}");
            if (entry.Duration is { } ran) html.Add($" <span class=\"pill\" title=\"How long the run took\">ran {Format.Duration(ran)}</span>");
            if (lasted is { } l) html.Add($" <span class=\"muted\" title=\"Time in this state\">for {Format.Duration(l)}</span>");
            if (entry.ServerId is { } server) html.Add($" <span class=\"muted\">on {server}</span>");
            html.Add($"</div>");
            html.Add($"<div class=\"reason\">{entry.Description}</div>");
            if (entry.Error is { } error)
                html.Add($"<details><summary><b class=\"error-type\">{InvocationView.ShortName(error.Type)}</b>: {Format.Cut(error.Message, 200)}</summary>{Pre(StackTraces.TrimPaths(error.Details))}</details>");
            html.Add($"</li>");
        }
        html.Add($"</ol></section>");
    }

    private static string? LastServer(JobDetails details)
    {
        for (var i = details.History.Count - 1; i >= 0; i--)
            if (details.History[i].State == JobState.Processing && details.History[i].ServerId is { } server) return server;
        return null;
    }

    private static void Fact(Html html, string name, Markup value) => html.Add($"<dt>{name}</dt><dd>{value}</dd>");

    private static void Fact(Html html, Markup name, Markup value) => html.Add($"<dt>{name}</dt><dd>{value}</dd>");

    private static Markup Text(string text) => new(HtmlEncoding.Encode(text));

    private static Markup Pre(string text) => new Html().Add($"<pre>{text}</pre>").ToMarkup();
}
