using Ember.Dashboard.Actions;
using Ember.Dashboard.Pages;
using Ember.Dashboard.Rendering;
using Ember.Dashboard.Security;
using Ember.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Dashboard;

/// <summary>
/// The dashboard's endpoints under one route group: GET pages and JSON, POST actions. Every request but the static
/// assets' passes the authorization, an endpoint filter on the group; every POST also needs write access (not
/// read-only) and a valid antiforgery token. Nothing changes on a GET.
/// </summary>
internal sealed class DashboardEndpoints
{
    private readonly DashboardOptions _options;
    private readonly string _prefix;
    private readonly IJobQueries _queries;
    private readonly IAntiforgery _antiforgery;
    private readonly TimeProvider _time;
    private readonly System.Text.Json.JsonSerializerOptions? _serializerOptions;
    private readonly DashboardAuthorization _authorization;
    private readonly JobActions _jobActions;
    private readonly RecurringActions _recurringActions;
    private readonly QueueActions _queueActions;
    private readonly ConcurrencyActions _concurrencyActions;
    private readonly BatchActions _batchActions;
    private readonly BulkOperations _operations;
    private readonly ILogger _logger;
    private readonly Live.StatisticsHistory? _history;

    public DashboardEndpoints(IServiceProvider services, DashboardOptions options, string prefix)
    {
        _options = options;
        _prefix = prefix;
        _queries = services.GetRequiredService<IJobStore>().Queries;
        _antiforgery = services.GetRequiredService<IAntiforgery>();
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _serializerOptions = services.GetService<EmberOptions>()?.SerializerOptions;
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger("Ember.Dashboard") ?? NullLogger.Instance;
        _authorization = new DashboardAuthorization(options, _logger);
        _history = services.GetService<Live.StatisticsHistory>();
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        _operations = new BulkOperations(_time, _logger, stopping);
        _jobActions = new JobActions(_queries, services.GetRequiredService<IBackgroundJobClient>(), _operations, options, _logger);
        _recurringActions = new RecurringActions(services.GetRequiredService<IRecurringJobManager>());
        _queueActions = new QueueActions(services.GetRequiredService<IJobStore>());
        _concurrencyActions = new ConcurrencyActions(services.GetRequiredService<IJobStore>());
        _batchActions = new BatchActions(services.GetService<IBatchJobClient>() ?? new BatchJobClient(services.GetRequiredService<IJobStore>()),
            services.GetRequiredService<IBackgroundJobClient>(), _queries);
    }

    public void Map(RouteGroupBuilder root)
    {
        // Not behind authorization: the content-hashed stylesheet and script hold no data, and a login page may want
        // the same look. Nothing else is mapped outside the authorized group.
        root.MapGet("/assets/{file}", AssetAsync);

        var group = root.MapGroup("").AddEndpointFilter(AuthorizeAsync);
        group.MapGet("/", Page(OverviewPage.RenderAsync));
        group.MapGet("/jobs/{state}", ListAsync);
        group.MapGet("/job/{id}", JobAsync);
        group.MapGet("/retries", RetriesAsync);
        group.MapGet("/batches", Page(BatchesPage.RenderAsync));
        group.MapGet("/batch/{id}", BatchAsync);
        group.MapGet("/recurring", Page(RecurringPage.RenderAsync));
        group.MapGet("/servers", Page(ServersPage.RenderAsync));
        group.MapGet("/concurrency", Page(ConcurrencyPage.RenderAsync));
        group.MapGet("/rate-limits", Page(RateLimitsPage.RenderAsync));
        group.MapGet("/search", SearchAsync);
        group.MapGet("/api/stats", StatsAsync);
        group.MapGet("/api/operations/{id}", OperationAsync);
        group.MapPost("/actions/jobs/requeue", Action(c => JobAction(c, JobActions.Kind.Requeue)));
        group.MapPost("/actions/jobs/delete", Action(c => JobAction(c, JobActions.Kind.Delete)));
        group.MapPost("/actions/batches/cancel", Action(c => BatchAction(c, BatchActions.Kind.Cancel)));
        group.MapPost("/actions/batches/requeue-failed", Action(c => BatchAction(c, BatchActions.Kind.RequeueFailed)));
        group.MapPost("/actions/recurring/trigger", Action(c => RecurringAction(c, RecurringActions.Kind.Trigger)));
        group.MapPost("/actions/recurring/remove", Action(c => RecurringAction(c, RecurringActions.Kind.Remove)));
        group.MapPost("/actions/recurring/pause", Action(c => RecurringAction(c, RecurringActions.Kind.Pause)));
        group.MapPost("/actions/recurring/resume", Action(c => RecurringAction(c, RecurringActions.Kind.Resume)));
        group.MapPost("/actions/queues/pause", Action(c => QueueAction(c, QueueActions.Kind.Pause)));
        group.MapPost("/actions/queues/resume", Action(c => QueueAction(c, QueueActions.Kind.Resume)));
        group.MapPost("/actions/concurrency/set", Action(c => ConcurrencyAction(c, ConcurrencyActions.Kind.Set)));
        group.MapPost("/actions/concurrency/remove", Action(c => ConcurrencyAction(c, ConcurrencyActions.Kind.Remove)));
    }

    /// <summary>The context a page renders from. Public to the assembly: benchmarks render pages through it without HTTP.</summary>
    internal DashboardContext Context(HttpContext http)
    {
        (string, string)? token = null;
        if (!_options.ReadOnly)
        {
            var tokens = _antiforgery.GetAndStoreTokens(http);
            token = (tokens.FormFieldName, tokens.RequestToken!);
        }
        var root = http.Request.PathBase + _prefix;
        var path = http.Request.Path.Value ?? "";
        var relative = path.StartsWith(_prefix, StringComparison.OrdinalIgnoreCase) ? path[_prefix.Length..] : path;
        return new DashboardContext
        {
            Queries = _queries,
            Options = _options,
            Root = root,
            PathAndQuery = (relative.Length == 0 ? "/" : relative) + http.Request.QueryString,
            Query = http.Request.Query,
            Antiforgery = token,
            Time = _time,
            SerializerOptions = _serializerOptions,
            Aborted = http.RequestAborted,
            History = _history,
        };
    }

    /// <summary>The endpoint filter every dashboard endpoint but the assets runs first: who may see the dashboard.</summary>
    private async ValueTask<object?> AuthorizeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        await _authorization.AuthorizeAsync(invocation.HttpContext).ConfigureAwait(false)
            ? await next(invocation).ConfigureAwait(false)
            : Results.Empty; // the refusal is written already

    private RequestDelegate Page(Func<DashboardContext, Task<string>> render) => async http =>
    {
        await WriteHtmlAsync(http, await render(Context(http)).ConfigureAwait(false)).ConfigureAwait(false);
    };

    private async Task ListAsync(HttpContext http)
    {
        if (JobStates.FromSlug(http.Request.RouteValues["state"] as string) is not { } state)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (await RefuseFiltersAsync(http, Layout.Section.Jobs, "jobs/" + JobStates.Slug(state)).ConfigureAwait(false)) return;
        if (await JobWithIdAsync(http.Request.Query["q"], http.RequestAborted).ConfigureAwait(false) is { } id)
        {
            http.Response.Redirect(JobUrl(http, id));
            return;
        }
        await WriteHtmlAsync(http, await JobsPage.RenderAsync(Context(http), state).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private async Task RetriesAsync(HttpContext http)
    {
        if (await RefuseFiltersAsync(http, Layout.Section.Retries, "retries").ConfigureAwait(false)) return;
        await WriteHtmlAsync(http, await JobsPage.RenderRetriesAsync(Context(http)).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private async Task SearchAsync(HttpContext http)
    {
        var text = http.Request.Query["q"].ToString().Trim();
        if (text.Length == 0)
        {
            http.Response.Redirect(http.Request.PathBase + _prefix + "/jobs/enqueued");
            return;
        }
        if (DashboardInput.Problem("search", text, DashboardInput.MaxSearchLength) is { } problem)
        {
            await RefuseAsync(http, Layout.Section.Search, problem, "jobs/enqueued").ConfigureAwait(false);
            return;
        }
        if (await JobWithIdAsync(text, http.RequestAborted).ConfigureAwait(false) is { } id)
        {
            http.Response.Redirect(JobUrl(http, id));
            return;
        }
        await WriteHtmlAsync(http, await SearchPage.RenderAsync(Context(http), text).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>
    /// Refuses a list whose filters (search, queue, exception type) break <see cref="DashboardInput"/>'s rules with a
    /// 400 page, before any store call; true when it did.
    /// </summary>
    private async Task<bool> RefuseFiltersAsync(HttpContext http, Layout.Section section, string listPath)
    {
        var query = http.Request.Query;
        if (DashboardInput.Problem(First(query["q"])?.Trim(), First(query["queue"]), First(query["exception"])) is not { } problem) return false;
        await RefuseAsync(http, section, problem, listPath).ConfigureAwait(false);
        return true;

        static string? First(Microsoft.Extensions.Primitives.StringValues values) => values.Count > 0 ? values[0] : null;
    }

    private async Task RefuseAsync(HttpContext http, Layout.Section section, string problem, string listPath)
    {
        var context = Context(http);
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        await WriteHtmlAsync(http, BadInputPage.Render(context, section, problem, context.Url(listPath), "Back to the list without filters")).ConfigureAwait(false);
    }

    /// <summary>A search text that is a job's id leads straight to that job.</summary>
    private async Task<string?> JobWithIdAsync(string? text, CancellationToken cancellationToken)
    {
        text = text?.Trim().TrimStart('#');
        if (string.IsNullOrEmpty(text) || text.Length > 64) return null;
        return (await _queries.GetJobAsync(text, cancellationToken).ConfigureAwait(false))?.Job.Id;
    }

    private string JobUrl(HttpContext http, string id) => http.Request.PathBase + _prefix + "/job/" + Uri.EscapeDataString(id);

    private async Task JobAsync(HttpContext http)
    {
        var id = http.Request.RouteValues["id"] as string ?? "";
        var context = Context(http);
        // No job id holds a control character: such a URL is answered without asking the store.
        var page = DashboardInput.HasControl(id) ? null : await JobPage.RenderAsync(context, id).ConfigureAwait(false);
        // A continuation's parent may be a batch (one id sequence for both): its link leads to the batch's page.
        if (page is null && !DashboardInput.HasControl(id) && await _queries.GetBatchAsync(id, http.RequestAborted).ConfigureAwait(false) is { } batch)
        {
            http.Response.Redirect(http.Request.PathBase + _prefix + "/batch/" + Uri.EscapeDataString(batch.Id));
            return;
        }
        if (page is null) http.Response.StatusCode = StatusCodes.Status404NotFound;
        await WriteHtmlAsync(http, page ?? JobPage.NotFound(context, id)).ConfigureAwait(false);
    }

    private async Task BatchAsync(HttpContext http)
    {
        var id = http.Request.RouteValues["id"] as string ?? "";
        var context = Context(http);
        var page = DashboardInput.HasControl(id) ? null : await BatchPage.RenderAsync(context, id).ConfigureAwait(false);
        if (page is null) http.Response.StatusCode = StatusCodes.Status404NotFound;
        await WriteHtmlAsync(http, page ?? BatchPage.NotFound(context, id)).ConfigureAwait(false);
    }

    /// <summary>The live graph's poll: one statistics call, whatever the number of jobs.</summary>
    private async Task StatsAsync(HttpContext http)
    {
        var statistics = await _queries.GetStatisticsAsync(http.RequestAborted).ConfigureAwait(false);
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsJsonAsync(new
        {
            at = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            succeeded = statistics.Succeeded,
            failed = statistics.Failed,
            counts = JobStates.Ordered.ToDictionary(s => s.ToString(), s => statistics.Counts.GetValueOrDefault(s)),
        }, http.RequestAborted).ConfigureAwait(false);
    }

    private async Task OperationAsync(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (_operations.Find(http.Request.RouteValues["id"] as string ?? "") is not { } operation)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsJsonAsync(new { phase = "unknown", description = "This operation is over or belongs to another process." }).ConfigureAwait(false);
            return;
        }
        await http.Response.WriteAsJsonAsync(new
        {
            description = operation.Description,
            phase = operation.Phase,
            collected = operation.Collected,
            done = operation.Done,
            missed = operation.Missed,
            error = operation.Error,
        }, http.RequestAborted).ConfigureAwait(false);
    }

    private static Task AssetAsync(HttpContext http)
    {
        if (StaticAssets.Find(http.Request.RouteValues["file"] as string ?? "") is not { } asset)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return asset.WriteAsync(http);
    }

    /// <summary>
    /// A POST action (authorized by the group's filter): refused in read-only mode (403) and without a valid antiforgery
    /// token (400); the handler returns the notice and the browser is sent back (303) to the page the form came from.
    /// </summary>
    private RequestDelegate Action(Func<HttpContext, Task<ActionNotice>> handle) => async http =>
    {
        if (_options.ReadOnly)
        {
            Log.ActionRefused(_logger, "the dashboard is read-only");
            await PlainAsync(http, StatusCodes.Status403Forbidden, "The dashboard is read-only.").ConfigureAwait(false);
            return;
        }
        if (!http.Request.HasFormContentType)
        {
            await PlainAsync(http, StatusCodes.Status400BadRequest, "Dashboard actions are form posts.").ConfigureAwait(false);
            return;
        }
        try
        {
            await _antiforgery.ValidateRequestAsync(http).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            Log.ActionRefused(_logger, "missing or invalid antiforgery token");
            await PlainAsync(http, StatusCodes.Status400BadRequest, "The form's security token is missing or stale: reload the page and try again.").ConfigureAwait(false);
            return;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var notice = await handle(http).ConfigureAwait(false);
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = ActionOutcome.With(http.Request.PathBase + _prefix, ActionOutcome.ReturnPath(form["return"]), notice);
    };

    private async Task<ActionNotice> JobAction(HttpContext http, JobActions.Kind kind) =>
        await _jobActions.RunAsync(kind, await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false), http).ConfigureAwait(false);

    private async Task<ActionNotice> BatchAction(HttpContext http, BatchActions.Kind kind) =>
        await _batchActions.RunAsync(kind, await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);

    private async Task<ActionNotice> RecurringAction(HttpContext http, RecurringActions.Kind kind) =>
        await _recurringActions.RunAsync(kind, await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);

    private async Task<ActionNotice> QueueAction(HttpContext http, QueueActions.Kind kind) =>
        await _queueActions.RunAsync(kind, await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);

    private async Task<ActionNotice> ConcurrencyAction(HttpContext http, ConcurrencyActions.Kind kind) =>
        await _concurrencyActions.RunAsync(kind, await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);

    private static async Task WriteHtmlAsync(HttpContext http, string html)
    {
        var response = http.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "SAMEORIGIN";
        response.Headers["Referrer-Policy"] = "same-origin";
        // Defense in depth behind the encoding: no inline script or style can run, whatever a job stored.
        response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'";
        await response.WriteAsync(html, http.RequestAborted).ConfigureAwait(false);
    }

    private static Task PlainAsync(HttpContext http, int status, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(text);
    }
}
