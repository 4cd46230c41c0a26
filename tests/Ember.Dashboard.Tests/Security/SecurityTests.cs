using System.Net;
using System.Security.Claims;
using Ember.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Text.Encodings.Web;

namespace Ember.Dashboard.Tests.Security;

/// <summary>Who may see the dashboard, who may act, and that nothing a job stores can become markup.</summary>
public sealed class SecurityTests
{
    [Fact]
    public async Task Remote_requests_are_denied_by_default()
    {
        await using var app = await DashboardApp.StartAsync();
        foreach (var path in new[] { "", "/jobs/failed", "/api/stats", "/recurring" })
        {
            var context = await app.SendRemoteAsync(path);
            Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        }
        var post = await app.SendRemoteAsync("/actions/jobs/requeue", "POST");
        Assert.Equal(StatusCodes.Status401Unauthorized, post.Response.StatusCode);
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("")).Status); // local: fine
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7")]
    public async Task A_request_a_proxy_forwarded_is_not_local_even_from_loopback(string header, string value)
    {
        await using var app = await DashboardApp.StartAsync();

        var context = await app.SendProxiedAsync("", header, value);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
    }

    [Fact]
    public async Task An_authorization_filter_replaces_the_local_only_default()
    {
        var filter = new HeaderFilter();
        await using var app = await DashboardApp.StartAsync(new() { Configure = o => { o.Authorization = [filter]; o.AllowAnonymousRemoteRequests = true; } });
        var denied = await app.SendRemoteAsync("");
        Assert.Equal(StatusCodes.Status401Unauthorized, denied.Response.StatusCode);
        var allowed = await app.Server.SendAsync(c =>
        {
            c.Request.Path = "/ember";
            c.Request.Headers["X-Dashboard-Key"] = "open sesame";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        });
        Assert.Equal(StatusCodes.Status200OK, allowed.Response.StatusCode);
        Assert.True(filter.Calls >= 2);
    }

    [Fact]
    public async Task An_authorization_policy_lets_its_users_in_from_anywhere_and_refuses_others()
    {
        await using var app = await DashboardApp.StartAsync(new()
        {
            Configure = o => o.AuthorizationPolicy = "Admins",
            Services = services =>
            {
                services.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>("Test", null);
                services.AddAuthorization(o => o.AddPolicy("Admins", p => p.RequireRole("admin")));
            },
        });
        async Task<int> StatusAs(string? user) => (await app.Server.SendAsync(c =>
        {
            c.Request.Path = "/ember/jobs/failed";
            if (user is not null) c.Request.Headers["X-User"] = user;
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        })).Response.StatusCode;
        Assert.Equal(StatusCodes.Status200OK, await StatusAs("admin"));
        Assert.Equal(StatusCodes.Status403Forbidden, await StatusAs("guest"));
        Assert.Equal(StatusCodes.Status401Unauthorized, await StatusAs(null));
    }

    [Fact]
    public async Task RequireAuthorization_on_the_endpoints_also_replaces_the_local_only_default()
    {
        await using var app = await DashboardApp.StartAsync(new()
        {
            Services = services =>
            {
                services.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>("Test", null);
                services.AddAuthorization(o => o.AddPolicy("Admins", p => p.RequireRole("admin")));
            },
            Middleware = app => { app.UseAuthentication(); app.UseAuthorization(); },
            Endpoints = endpoints => endpoints.RequireAuthorization("Admins"),
        });
        var admin = await app.Server.SendAsync(c =>
        {
            c.Request.Path = "/ember";
            c.Request.Headers["X-User"] = "admin";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        });
        Assert.Equal(StatusCodes.Status200OK, admin.Response.StatusCode);
        var anonymous = await app.SendRemoteAsync("");
        Assert.Equal(StatusCodes.Status401Unauthorized, anonymous.Response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/jobs/failed")]
    [InlineData("/api/stats")]
    [InlineData("/actions/jobs/requeue")]
    public async Task AllowAnonymous_on_the_endpoints_never_lets_an_anonymous_remote_request_in(string path)
    {
        await using var app = await DashboardApp.StartAsync(new()
        {
            Services = AddHeaderAuthentication,
            Middleware = app => { app.UseAuthentication(); app.UseAuthorization(); },
            Endpoints = endpoints => endpoints.RequireAuthorization("Admins").AllowAnonymous(),
        });
        var method = path.StartsWith("/actions", StringComparison.Ordinal) ? "POST" : "GET";

        var anonymous = await app.SendRemoteAsync(path, method);
        var guest = await app.SendRemoteAsync(path, method, user: "guest");
        var admin = await app.SendRemoteAsync(path, method, user: "admin");

        Assert.Equal(StatusCodes.Status401Unauthorized, anonymous.Response.StatusCode);
        Assert.Equal(StatusCodes.Status403Forbidden, guest.Response.StatusCode); // the policy is the dashboard's to enforce too
        Assert.NotEqual(StatusCodes.Status401Unauthorized, admin.Response.StatusCode);
        Assert.NotEqual(StatusCodes.Status403Forbidden, admin.Response.StatusCode);
    }

    [Fact]
    public async Task Filters_admit_anonymous_remote_visitors_only_with_the_option_that_says_so()
    {
        var filter = new HeaderFilter();
        await using var strict = await DashboardApp.StartAsync(new() { Configure = o => o.Authorization = [filter] });
        await using var opted = await DashboardApp.StartAsync(new() { Configure = o => { o.Authorization = [filter]; o.AllowAnonymousRemoteRequests = true; } });
        static Action<HttpContext> Keyed(string path) => c =>
        {
            c.Request.Path = path;
            c.Request.Headers["X-Dashboard-Key"] = "open sesame";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        };

        var refused = await strict.Server.SendAsync(Keyed("/ember"));
        var allowed = await opted.Server.SendAsync(Keyed("/ember"));

        Assert.Equal(StatusCodes.Status401Unauthorized, refused.Response.StatusCode);
        Assert.Contains("DashboardOptions.AllowAnonymousRemoteRequests = true", await new StreamReader(refused.Response.Body).ReadToEndAsync());
        Assert.Equal(StatusCodes.Status200OK, allowed.Response.StatusCode);
    }

    [Fact]
    public async Task A_policy_that_lets_anyone_in_still_needs_the_option_for_anonymous_remote_requests()
    {
        await using var app = await DashboardApp.StartAsync(new()
        {
            Configure = o => o.AuthorizationPolicy = "Anyone",
            Services = services => services.AddAuthorization(o => o.AddPolicy("Anyone", p => p.RequireAssertion(_ => true))),
        });

        Assert.Equal(StatusCodes.Status401Unauthorized, (await app.SendRemoteAsync("")).Response.StatusCode);
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("")).Status); // local: the policy alone decides
    }

    [Fact]
    public async Task A_misspelled_policy_stops_the_application_at_start()
    {
        var misspelled = await Assert.ThrowsAsync<InvalidOperationException>(() => DashboardApp.StartAsync(new()
        {
            Configure = o => o.AuthorizationPolicy = "Admns",
            Services = services => services.AddAuthorization(o => o.AddPolicy("Admins", p => p.RequireRole("admin"))),
        }));
        var noAuthorization = await Assert.ThrowsAsync<InvalidOperationException>(() => DashboardApp.StartAsync(new() { Configure = o => o.AuthorizationPolicy = "Admins" }));

        Assert.Equal("DashboardOptions.AuthorizationPolicy names \"Admns\", but no such policy is registered: add it with builder.Services.AddAuthorization(o => o.AddPolicy(\"Admns\", ...)).", misspelled.Message);
        Assert.StartsWith("DashboardOptions.AuthorizationPolicy is \"Admins\", but authorization isn't set up", noAuthorization.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_static_assets_answer_without_authorization_and_the_docs_say_exactly_that()
    {
        await using var app = await DashboardApp.StartAsync();
        var (_, page) = await app.Client().GetAsync("");
        var css = System.Text.RegularExpressions.Regex.Match(page, "/ember/assets/(ember\\.[0-9a-f]+\\.css)").Groups[1].Value;
        var routes = app.App.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/ember", StringComparison.Ordinal) == true).ToList();
        Assert.True(routes.Count >= 14, $"only {routes.Count} dashboard routes found");

        var open = new List<string>();
        foreach (var route in routes)
        {
            var pattern = route.RoutePattern.RawText!;
            var path = pattern.Replace("{state}", "failed").Replace("{id}", "1").Replace("{file}", css);
            var method = route.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is [var first, ..] ? first : "GET";
            var context = await app.SendRemoteAsync(path[6..], method);
            if (context.Response.StatusCode != StatusCodes.Status401Unauthorized) open.Add($"{method} {pattern[6..]}");
        }

        Assert.Equal(["GET /assets/{file}"], open);
        var docs = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "dashboard.md"));
        Assert.DoesNotContain("policy every request must satisfy", docs, StringComparison.Ordinal);
        Assert.Contains("The one exception is `GET {prefix}/assets/{file}`", docs, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ember.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Ember.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task Read_only_mode_shows_no_actions_and_refuses_posts_with_403()
    {
        await using var app = await DashboardApp.StartAsync(new() { Configure = o => o.ReadOnly = true });
        var id = await app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("x"));
        using var client = app.Client();
        var (_, list) = await client.GetAsync("/jobs/enqueued");
        var (_, job) = await client.GetAsync("/job/" + id);
        Assert.Contains("read-only", list);
        foreach (var page in new[] { list, job })
        {
            Assert.DoesNotContain("<form method=\"post\"", page);
            Assert.DoesNotContain("formaction=", page);
        }
        using var response = await client.PostAsync("/actions/jobs/delete", [new("id", id)], withToken: false);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(JobState.Enqueued, (await app.Queries.GetJobAsync(id))!.Job.State);
    }

    [Fact]
    public async Task A_post_without_a_valid_antiforgery_token_is_rejected_with_400()
    {
        await using var app = await DashboardApp.StartAsync();
        var id = await app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("x"));
        using var client = app.Client();
        await client.GetAsync("/job/" + id); // sets the antiforgery cookie
        using var noToken = await client.PostAsync("/actions/jobs/delete", [new("id", id)], withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        using var forged = await client.PostAsync("/actions/jobs/delete", [new("id", id), new("__RequestVerificationToken", "forged")], withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var notAForm = await app.Server.CreateClient().PostAsync(app.BaseUrl + "/actions/jobs/delete", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, notAForm.StatusCode);
        Assert.Equal(JobState.Enqueued, (await app.Queries.GetJobAsync(id))!.Job.State);
    }

    [Fact]
    public async Task Actions_are_never_done_through_GET()
    {
        await using var app = await DashboardApp.StartAsync();
        var id = await app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("x"));
        using var client = app.Client();
        var (status, _) = await client.GetAsync("/actions/jobs/delete?id=" + id);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal(JobState.Enqueued, (await app.Queries.GetJobAsync(id))!.Job.State);
    }

    [Fact]
    public async Task Script_in_arguments_exceptions_and_recurring_ids_is_shown_as_text()
    {
        await using var app = await DashboardApp.StartAsync(new() { RunServer = true });
        const string Evil = "<script>alert('x')</script>";
        var enqueued = await app.Jobs.EnqueueAsync("nowhere", () => SampleJobs.Succeed(Evil));
        var failed = await app.Jobs.EnqueueAsync(() => SampleJobs.AlwaysFail(Evil));
        await app.WaitForStateAsync(failed, JobState.Failed);
        await app.Recurring.AddOrUpdateAsync("<b>bold</b>", Job.FromExpression(() => SampleJobs.Succeed(Evil)), "0 * * * *");
        using var client = app.Client();
        foreach (var path in new[] { "/jobs/enqueued", "/job/" + enqueued, "/jobs/failed", "/job/" + failed, "/recurring", "/search?q=alert" })
        {
            var (status, body) = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain("<script>alert", body);
            Assert.DoesNotContain("<b>bold</b>", body);
            Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", body);
        }
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", (await client.GetAsync("/recurring")).Body);
    }

    [Fact]
    public async Task Notices_come_from_codes_so_a_link_cannot_put_text_on_the_page()
    {
        await using var app = await DashboardApp.StartAsync();
        using var client = app.Client();
        var (_, body) = await client.GetAsync("/?done=%3Cscript%3E&n=1&error=Your%20account%20is%20locked");
        Assert.DoesNotContain("<script>", body);
        Assert.DoesNotContain("account is locked", body);
    }

    private static void AddHeaderAuthentication(IServiceCollection services)
    {
        services.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>("Test", null);
        services.AddAuthorization(o => o.AddPolicy("Admins", p => p.RequireRole("admin")));
    }

    private sealed class HeaderFilter : IDashboardAuthorizationFilter
    {
        public int Calls;

        public ValueTask<bool> AuthorizeAsync(HttpContext httpContext)
        {
            Interlocked.Increment(ref Calls);
            return ValueTask.FromResult(httpContext.Request.Headers["X-Dashboard-Key"] == "open sesame");
        }
    }

    /// <summary>Signs in whoever the X-User header names, with that name as their role.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers["X-User"] is not [{ } user]) return Task.FromResult(AuthenticateResult.NoResult());
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user), new Claim(ClaimTypes.Role, user)], "Test");
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), "Test")));
        }
    }
}
