using System.Collections.Concurrent;
using System.Net;
using Ember.Dashboard.Tests.Support;
using Ember.Storage;

namespace Ember.Dashboard.Tests.Security;

/// <summary>
/// What a visitor types (or forges) into filters, ids and return addresses: refused with a clear message before it
/// reaches the store, the same way whatever the store (PostgreSQL refuses NUL, SQLite gives up on huge LIKE patterns).
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    private DashboardApp _app = null!;
    private DashboardClient _client = null!;
    private ConcurrentQueue<(string Method, object? Argument)> _calls = null!;

    public async Task InitializeAsync()
    {
        ConcurrentQueue<(string, object?)>? calls = null;
        _app = await DashboardApp.StartAsync(new() { Services = services => calls = RecordingStore.Install(services) });
        _calls = calls!;
        _client = _app.Client();
        await _app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("x"));
        await _app.Recurring.AddOrUpdateAsync("report", Job.FromExpression(() => SampleJobs.Succeed("report")), "0 3 * * *");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/jobs/enqueued?q=%00", "search")]
    [InlineData("/jobs/enqueued?q=a%00b", "search")]
    [InlineData("/jobs/enqueued?queue=de%00fault", "queue filter")]
    [InlineData("/jobs/failed?exception=System.Time%00outException", "exception filter")]
    [InlineData("/jobs/failed?q=line%0Abreak", "search")]
    [InlineData("/retries?q=%00", "search")]
    [InlineData("/retries?queue=%1B", "queue filter")]
    [InlineData("/search?q=a%00b", "search")]
    public async Task A_control_character_in_a_filter_is_refused_with_400_before_the_store(string path, string what)
    {
        _calls.Clear();

        var (status, body) = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"The {what} holds a control character", body);
        Assert.Contains("it may not contain control characters such as NUL, tab or a line break.", body);
        Assert.DoesNotContain(_calls, call => HoldsControl(call.Argument));
    }

    [Theory]
    [InlineData("/jobs/succeeded?q=")]
    [InlineData("/search?q=")]
    [InlineData("/retries?q=")]
    public async Task A_search_longer_than_the_limit_is_refused_with_a_clear_message_and_not_echoed(string path)
    {
        var search = new string('x', 200) + "TAIL";
        _calls.Clear();

        var (status, body) = await _client.GetAsync(path + search);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("The search is 204 characters long; the limit is 200.", body);
        Assert.DoesNotContain("TAIL", body);
        Assert.DoesNotContain(_calls, call => call.Argument is JobListRequest { Search: not null });
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(path + new string('x', 200))).Status);
    }

    [Fact]
    public async Task Requeue_all_with_a_3_MB_search_is_refused_before_it_starts()
    {
        await _client.GetAsync("/jobs/enqueued");
        var huge = new string('x', 3_000_000);

        using var response = await _client.PostAsync("/actions/jobs/delete",
            [F("scope", "all"), F("state", "enqueued"), F("q", huge), F("queue", ""), F("exception", ""), F("errors", ""), F("return", "/jobs/enqueued")]);

        Assert.True(response.StatusCode == HttpStatusCode.SeeOther, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("/ember/jobs/enqueued?error=badfilter", response.Headers.Location!.ToString());
        var page = await _client.FollowAsync(response);
        Assert.Contains("a search may have at most 200 characters", page);
        Assert.DoesNotContain(_calls, call => call.Argument is JobListRequest { Search.Length: > 200 });
    }

    [Fact]
    public async Task Requeue_all_with_a_control_character_in_its_filters_is_refused_before_it_starts()
    {
        await _client.GetAsync("/recurring"); // a page with a form: the token comes from it
        _calls.Clear();

        using var response = await _client.PostAsync("/actions/jobs/requeue",
            [F("scope", "all"), F("state", "failed"), F("q", ""), F("queue", ""), F("exception", "System.TimeoutException\u001b"), F("return", "/jobs/failed")]);

        Assert.Equal("/ember/jobs/failed?error=badfilter", response.Headers.Location!.ToString());
        Assert.DoesNotContain(_calls, call => HoldsControl(call.Argument));
    }

    [Fact]
    public async Task Ids_with_a_control_character_name_no_job_and_never_reach_the_store()
    {
        await _client.GetAsync("/recurring");
        _calls.Clear();

        using var job = await _client.PostAsync("/actions/jobs/requeue", [F("id", "1\u001b"), F("return", "/")]);
        using var recurring = await _client.PostAsync("/actions/recurring/trigger", [F("one", "report\u001b"), F("return", "/recurring")]);
        using var nul = await _client.PostAsync("/actions/recurring/remove", [F("one", "report\0"), F("return", "/recurring")]);
        var (status, _) = await _client.GetAsync("/job/1%0A"); // (a NUL in a path is refused by ASP.NET itself)

        Assert.Contains("doesn&#39;t exist", await _client.FollowAsync(job));
        Assert.Contains("doesn&#39;t exist", await _client.FollowAsync(recurring));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode); // ASP.NET's form reader refuses a NUL before the dashboard runs
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.DoesNotContain(_calls, call => HoldsControl(call.Argument));
        Assert.NotNull(await _app.Queries.GetRecurringJobAsync("report"));
    }

    [Theory]
    [InlineData("/../../evil", "/ember/evil?")]
    [InlineData("/jobs/../../../evil?page=2", "/ember/evil?page=2&")]
    [InlineData("/%2e%2e/%2E%2E/evil", "/ember/evil?")]
    [InlineData("/.%2e/.%2E/evil", "/ember/evil?")]
    [InlineData("/././/evil.example/", "/ember/evil.example/?")]
    [InlineData("/..", "/ember/?")]
    public async Task A_return_path_with_dot_segments_is_resolved_inside_the_dashboard(string target, string expected)
    {
        await _client.GetAsync("/jobs/enqueued");

        using var response = await _client.PostAsync("/actions/jobs/requeue", [F("id", "999"), F("return", target)]);

        Assert.StartsWith(expected, response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var resolved = new Uri(new Uri("http://localhost/"), response.Headers.Location);
        Assert.StartsWith("/ember/", resolved.AbsolutePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/.//evil.example/")]
    [InlineData("/..//evil.example")]
    [InlineData("/%2e%2e/%2f/evil.example")]
    public async Task At_the_site_root_a_return_path_never_becomes_protocol_relative(string target)
    {
        await using var app = await DashboardApp.StartAsync(new() { Prefix = "/" });
        await app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("x"));
        using var client = new DashboardClient(app.Server.CreateClient(), "http://localhost");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/jobs/enqueued")).Status); // a page with a form: the token
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (HttpStatusCode)(await app.SendRemoteAsync("/recurring")).Response.StatusCode);

        using var response = await client.PostAsync("/actions/jobs/requeue", [F("id", "999"), F("return", target)]);

        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/", location, StringComparison.Ordinal);
        Assert.False(location.StartsWith("//", StringComparison.Ordinal), location);
    }

    [Fact]
    public async Task A_huge_return_path_is_not_sent_back_whole()
    {
        await _client.GetAsync("/jobs/enqueued");

        using var response = await _client.PostAsync("/actions/jobs/requeue", [F("id", "999"), F("return", "/jobs/enqueued?q=" + new string('x', 100_000))]);

        Assert.Equal("/ember/jobs/enqueued?error=notfound", response.Headers.Location!.ToString());
    }

    private static bool HoldsControl(object? argument) => argument switch
    {
        string text => text.Any(char.IsControl),
        JobListRequest request => HoldsControl(request.Search) || HoldsControl(request.Queue) || HoldsControl(request.ExceptionType),
        _ => false,
    };
}
