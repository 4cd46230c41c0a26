using System.Net;
using Ember.Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ember.Dashboard.Tests.Pages;

/// <summary>Every page renders, with what it is meant to show, from a store holding jobs in every state.</summary>
public sealed class PageTests : IAsyncLifetime
{
    private DashboardApp _app = null!;
    private DashboardClient _client = null!;
    private string _enqueued = null!;
    private string _scheduled = null!;
    private string _parent = null!;
    private string _awaiting = null!;

    public async Task InitializeAsync()
    {
        _app = await DashboardApp.StartAsync();
        _client = _app.Client();
        _enqueued = await _app.Jobs.EnqueueAsync("critical", () => SampleJobs.Process(new Order(42, "Ada", 12.5m, new[] { "tea", "cake" })));
        _scheduled = await _app.Jobs.ScheduleAsync(() => SampleJobs.Succeed("later"), TimeSpan.FromHours(2));
        _parent = await _app.Jobs.ScheduleAsync(() => SampleJobs.Succeed("parent"), TimeSpan.FromHours(1));
        _awaiting = await _app.Jobs.ContinueJobWithAsync(_parent, () => SampleJobs.Succeed("child"));
        await _app.Recurring.AddOrUpdateAsync("nightly-report", Job.FromExpression(() => SampleJobs.Succeed("report")), "30 2 * * *");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Overview_shows_counts_per_state_queues_and_the_charts()
    {
        var (status, body) = await _client.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Overview</h1>", body);
        Assert.Contains("data-count=\"Enqueued\">1<", body);
        Assert.Contains("data-count=\"Scheduled\">2<", body);
        Assert.Contains("data-count=\"Awaiting\">1<", body);
        Assert.Contains("id=\"live-chart\"", body);
        Assert.Contains("id=\"chart-week\"", body);
        Assert.Contains("data-hourly=\"", body);
        Assert.Contains(">critical</a>", body);
        Assert.Contains("none: jobs wait here", body); // no server takes the critical queue
    }

    [Fact]
    public async Task Enqueued_list_shows_the_job_readably_with_queue_tabs()
    {
        var (status, body) = await _client.GetAsync("/jobs/enqueued");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"#{_enqueued}", body);
        Assert.Contains("SampleJobs.Process({&quot;Id&quot;:42", body);
        Assert.Contains("critical <small>1</small>", body);
        Assert.Contains("Delete all 1<", body);
        Assert.DoesNotContain("Requeue selected", body); // Enqueued jobs can't be requeued
        Assert.Contains("Delete selected", body);
    }

    [Theory]
    [InlineData("scheduled", "Scheduled jobs")]
    [InlineData("awaiting", "Awaiting jobs")]
    [InlineData("processing", "Processing jobs")]
    [InlineData("succeeded", "Succeeded jobs")]
    [InlineData("failed", "Failed jobs")]
    [InlineData("deleted", "Deleted jobs")]
    public async Task Every_state_has_a_list(string state, string title)
    {
        var (status, body) = await _client.GetAsync("/jobs/" + state);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"<h1>{title}", body);
    }

    [Fact]
    public async Task Unknown_state_is_404()
    {
        var (status, _) = await _client.GetAsync("/jobs/bogus");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Job_details_show_why_a_rate_limited_job_waits()
    {
        // The server's steps, through the real store: claim, a refused permit, the job put off with the limit's reason
        // (the server's reason text is checked in Ember.Tests).
        var store = _app.App.Services.GetRequiredService<Ember.Storage.IJobStore>();
        var limit = new RateLimitOptions("customer:7", 1, TimeSpan.FromMinutes(1));
        var id = await _app.Jobs.EnqueueAsync("limited", () => SampleJobs.Succeed("limited"));
        var run = Assert.Single(await store.FetchJobsAsync(new Ember.Storage.FetchJobsRequest("server-1", ["limited"], 1, TimeSpan.FromMinutes(1))));
        var permits = await store.TakeRatePermitsAsync(new Ember.Storage.TakeRatePermitsRequest(
            [new Ember.Storage.RatePermitRequest([limit], "0", "x"), new Ember.Storage.RatePermitRequest([limit], run.Id, run.LeaseToken)]));
        Assert.Equal(0, permits[1].RefusedBy);
        await store.CompleteJobsAsync(new Ember.Storage.CompleteJobsRequest([new Ember.Storage.JobCompletion(run.Id, run.LeaseToken, Ember.Storage.StateChange.Scheduled(Ember.Storage.HistoryKind.RateLimited, permits[1].RetryAt, $"Rate limited by {limit}; starts again at {permits[1].RetryAt:u}"))]));

        var (_, body) = await _client.GetAsync("/job/" + id);

        Assert.Contains("Rate limited by customer:7: 1 per 1 min (fixed window); starts again at ", body);
    }

    [Fact]
    public async Task Job_details_show_call_arguments_history_and_continuations()
    {
        var (status, body) = await _client.GetAsync("/job/" + _enqueued);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"Job #{_enqueued}", body);
        Assert.Contains("<b>Process</b>", body);
        Assert.Contains("<code>Order</code>", body);
        Assert.Contains("&quot;Customer&quot;: &quot;Ada&quot;", body); // indented JSON, encoded
        Assert.Contains("class=\"history-list\"", body);
        Assert.Contains(">critical</a>", body);

        var (_, parent) = await _client.GetAsync("/job/" + _parent);
        Assert.Contains("Continuations", parent);
        Assert.Contains($"href=\"/ember/job/{_awaiting}\"", parent);
        var (_, child) = await _client.GetAsync("/job/" + _awaiting);
        Assert.Contains($"href=\"/ember/job/{_parent}\"", child);
    }

    [Fact]
    public async Task Job_arguments_are_shown_by_parameter_name()
    {
        var (_, body) = await _client.GetAsync("/job/" + _enqueued);

        Assert.Contains("<b>Process</b>(order)</code>", body);
        Assert.Contains("<th>Parameter</th><th>Type</th><th>Value</th>", body);
        Assert.Contains("<td><code class=\"param\">order</code></td><td><code>Order</code></td>", body);
    }

    [Fact]
    public async Task Job_page_names_the_culture_the_job_was_enqueued_in()
    {
        var (before, beforeUi) = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
        string id;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
            id = await _app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("in French"));
        }
        finally
        {
            (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture) = (before, beforeUi);
        }

        var (_, body) = await _client.GetAsync("/job/" + id);

        Assert.Contains("Runs in the culture it was enqueued in: <code>fr-FR</code>, UI culture <code>de-DE</code>", body);
    }

    [Fact]
    public async Task The_action_on_a_whole_list_is_called_Requeue_all_whatever_the_filter()
    {
        var (_, filtered) = await _client.GetAsync("/jobs/scheduled?q=later");
        var (_, whole) = await _client.GetAsync("/jobs/scheduled");

        Assert.Contains(">Requeue all</button>", filtered);
        Assert.Contains("data-confirm=\"Requeue all Scheduled jobs this list shows?\"", filtered);
        Assert.Contains(">Requeue all 2</button>", whole);
        Assert.Contains("data-confirm=\"Requeue all 2 Scheduled jobs this list shows?\"", whole);
        Assert.Contains(">Delete all 2</button>", whole);
        Assert.DoesNotContain("all matching", filtered);
    }

    [Fact]
    public async Task Unknown_job_is_a_404_page_not_an_error()
    {
        var (status, body) = await _client.GetAsync("/job/999999");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("There is no job with this id", body);
        var (garbage, _) = await _client.GetAsync("/job/not-a-number");
        Assert.Equal(HttpStatusCode.NotFound, garbage);
    }

    [Fact]
    public async Task Recurring_page_describes_the_cron_and_offers_actions()
    {
        var (status, body) = await _client.GetAsync("/recurring");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("nightly-report", body);
        Assert.Contains("<code>30 2 * * *</code>", body);
        Assert.Contains("Every day at 02:30", body);
        Assert.Contains("Trigger now", body);
    }

    [Fact]
    public async Task Retries_servers_and_search_pages_render()
    {
        Assert.Contains("<h1>Retries", (await _client.GetAsync("/retries")).Body);
        Assert.Contains("<h1>Servers", (await _client.GetAsync("/servers")).Body);
        var (status, search) = await _client.GetAsync("/search?q=later");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"#{_scheduled}", search);
        Assert.DoesNotContain($"#{_enqueued}<", search);
    }

    [Fact]
    public async Task Searching_a_job_id_goes_straight_to_the_job()
    {
        var response = await _client.GetResponseAsync("/search?q=" + _enqueued);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ember/job/" + _enqueued, response.Headers.Location!.ToString());
        var fromList = await _client.GetResponseAsync("/jobs/failed?q=%23" + _scheduled);
        Assert.Equal("/ember/job/" + _scheduled, fromList.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Lists_search_method_names_and_argument_text()
    {
        var (_, byArgument) = await _client.GetAsync("/jobs/scheduled?q=LATER");
        Assert.Contains($"#{_scheduled}", byArgument);
        Assert.DoesNotContain($"#{_parent}<", byArgument);
        var (_, byMethod) = await _client.GetAsync("/jobs/enqueued?q=Process");
        Assert.Contains($"#{_enqueued}", byMethod);
        var (_, none) = await _client.GetAsync("/jobs/enqueued?q=nothing-like-this");
        Assert.Contains("No job matches.", none);
    }

    [Fact]
    public async Task Stats_endpoint_returns_counts_and_running_totals()
    {
        var (status, body) = await _client.GetAsync("/api/stats");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"succeeded\":0", body);
        Assert.Contains("\"Scheduled\":2", body);
    }

    [Fact]
    public async Task Static_assets_are_embedded_and_cached_for_a_year()
    {
        var (_, page) = await _client.GetAsync("");
        var css = System.Text.RegularExpressions.Regex.Match(page, "href=\"/ember/(assets/ember\\.[0-9a-f]+\\.css)\"").Groups[1].Value;
        var js = System.Text.RegularExpressions.Regex.Match(page, "src=\"/ember/(assets/ember\\.[0-9a-f]+\\.js)\"").Groups[1].Value;
        foreach (var asset in new[] { css, js })
        {
            using var response = await _client.GetResponseAsync("/" + asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("immutable", response.Headers.CacheControl!.ToString());
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 1000);
        }
        using var missing = await _client.GetResponseAsync("/assets/ember.0000.css");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Pages_forbid_inline_scripts_with_a_content_security_policy()
    {
        using var response = await _client.GetResponseAsync("");
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
